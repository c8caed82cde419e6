import { useRef, useState } from 'preact/hooks';
import { fingerprintFile } from '../../common/hash-file.ts';
import { randomSaltHex } from './evidence-form.ts';

/** A chosen file with its fresh salt and, once hashed, its salted fingerprint. */
export interface FileFingerprint {
    readonly file?: File;
    readonly salt: string;
    readonly progress?: { readonly hashed: number; readonly total: number };
    /** `sha256:<hex>` of salt ‖ file, empty while hashing. */
    readonly fingerprint: string;
    readonly error?: unknown;
    /** Takes a file: draws a new salt and hashes it in the browser. */
    choose(file: File | undefined): void;
    /** Draws another salt for the same file and hashes again. */
    redraw(): void;
}

/**
 * Hashes a file in the browser with a salt drawn for it, streaming, with progress. Choosing again abandons the
 * hashing under way, so a slow large file cannot overwrite the fingerprint of the file chosen after it.
 */
export function useFileFingerprint(): FileFingerprint {
    const [file, setFile] = useState<File>();
    const [salt, setSalt] = useState('');
    const [progress, setProgress] = useState<{ hashed: number; total: number }>();
    const [fingerprint, setFingerprint] = useState('');
    const [error, setError] = useState<unknown>();
    const hashing = useRef<AbortController | undefined>(undefined);

    async function hash(chosen: File, saltHex: string): Promise<void> {
        hashing.current?.abort();
        const controller = new AbortController();
        hashing.current = controller;
        setFingerprint('');
        setError(undefined);
        try {
            const value = await fingerprintFile(
                chosen,
                saltHex,
                (hashed, total) => setProgress({ hashed, total }),
                controller.signal,
            );
            if (!controller.signal.aborted) {
                setFingerprint(value);
            }
        } catch (e) {
            if (!controller.signal.aborted) {
                setError(e);
            }
        }
    }

    function choose(chosen: File | undefined): void {
        setFile(chosen);
        if (chosen) {
            const fresh = randomSaltHex();
            setSalt(fresh);
            void hash(chosen, fresh);
        }
    }

    return { file, salt, progress, fingerprint, error, choose, redraw: () => choose(file) };
}
