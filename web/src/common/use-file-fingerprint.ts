import { useRef, useState } from 'preact/hooks';
import { fingerprintFile } from './hash-file.ts';
import { randomSaltHex } from './hex.ts';
import { fileKey } from './file-key.ts';

/** A chosen file with its salt and, once hashed, its salted fingerprint. */
export interface FileFingerprint {
    readonly file?: File;
    readonly salt: string;
    readonly progress?: { readonly hashed: number; readonly total: number };
    /** `sha256:<hex>` of salt ‖ file, empty while hashing. */
    readonly fingerprint: string;
    readonly error?: unknown;
    /** Takes a file and hashes it in the browser: a new file gets a fresh salt, the same file keeps its salt. */
    choose(file: File | undefined): void;
    /** Draws another salt for the same file and hashes again (asked for explicitly, never implied). */
    redraw(): void;
}

/**
 * Hashes a file in the browser with a salt drawn for it, streaming, with progress. Choosing again abandons the
 * hashing under way, so a slow large file cannot overwrite the fingerprint of the file chosen after it. Choosing
 * the same file again keeps its salt, hence its fingerprint and the Idempotency-Keys of writes naming it.
 */
export function useFileFingerprint(): FileFingerprint {
    const [file, setFile] = useState<File>();
    const [salt, setSalt] = useState('');
    const [progress, setProgress] = useState<{ hashed: number; total: number }>();
    const [fingerprint, setFingerprint] = useState('');
    const [error, setError] = useState<unknown>();
    const hashing = useRef<AbortController | undefined>(undefined);
    // The salt of every file chosen in this form, by file: choosing one again (even after another) keeps its salt.
    const salts = useRef(new Map<string, string>());

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

    function hashWith(chosen: File, saltHex: string): void {
        salts.current.set(fileKey(chosen), saltHex);
        setFile(chosen);
        setSalt(saltHex);
        void hash(chosen, saltHex);
    }

    function choose(chosen: File | undefined): void {
        if (chosen) {
            hashWith(chosen, salts.current.get(fileKey(chosen)) ?? randomSaltHex());
        }
    }

    function redraw(): void {
        if (file) {
            hashWith(file, randomSaltHex());
        }
    }

    return { file, salt, progress, fingerprint, error, choose, redraw };
}
