import { CodedError } from '@lendledger/domain';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { toHex } from '../encoding/bytes.js';
import { sha256 } from '../crypto/sha256.js';
import {
    PACKAGE_FILES,
    PACKAGE_FORMAT,
    type PackageFileEntry,
    type PackageManifest,
    type UnavailableEntry,
} from './package-format.js';

/** What a package is written for, and where its bytes go. */
export interface CasePackageWriterOptions {
    readonly caseId: string;
    /** ISO 8601; also every entry's modification time, so the same files make the same zip. */
    readonly createdAt: string;
    readonly createdBy: string;
    /** Receives the zip's bytes in order as they are produced; `final` is true for the last chunk. */
    readonly onData: (chunk: Uint8Array, final: boolean) => void;
}

/** Thrown when a file is added twice, after the manifest, or under the manifest's own name. */
export class PackageWriteError extends CodedError {
    constructor(message: string) {
        super('PACKAGE_WRITE_INVALID', message);
    }
}

// PDF is compressed already; deflating it again costs time for nothing.
const STORED_SUFFIXES = ['.pdf'];
const TEXT = new TextEncoder();

/**
 * Writes a case package as a stream of zip bytes: each file is hashed and compressed as it is added and may then be
 * dropped by the caller, so memory stays bounded by the largest file, not by the case. The manifest, which needs
 * every hash, is written last. Browser-safe (fflate, no Node built-ins).
 */
export class CasePackageWriter {
    readonly #options: CasePackageWriterOptions;
    readonly #zip: Zip;
    readonly #mtime: Date;
    readonly #files: PackageFileEntry[] = [];
    readonly #unavailable: UnavailableEntry[] = [];
    readonly #paths = new Set<string>();
    #finished = false;

    constructor(options: Readonly<CasePackageWriterOptions>) {
        this.#options = options;
        this.#mtime = new Date(options.createdAt);
        this.#zip = new Zip((error, chunk, final) => {
            if (error) {
                throw error;
            }
            options.onData(chunk, final);
        });
    }

    /** Adds a file: text is written as UTF-8. */
    add(path: string, content: Uint8Array | string): void {
        if (this.#finished || path === PACKAGE_FILES.manifest || this.#paths.has(path)) {
            throw new PackageWriteError(`cannot add ${path}: it is the manifest, a repeat, or the package is finished`);
        }
        this.#paths.add(path);
        const bytes = typeof content === 'string' ? TEXT.encode(content) : content;
        this.#files.push({ path, sha256: toHex(sha256(bytes)), size: bytes.length });
        this.#write(path, bytes);
    }

    /** Records in the manifest that something is missing, and why. */
    unavailable(entry: UnavailableEntry): void {
        // Member order fixed here, so the manifest reads back byte for byte (parseManifest insists).
        this.#unavailable.push({
            path: entry.path,
            ...(entry.fingerprint === undefined ? {} : { fingerprint: entry.fingerprint }),
            reason: entry.reason,
        });
    }

    /** Writes the manifest and ends the zip. */
    finish(): PackageManifest {
        if (this.#finished) {
            throw new PackageWriteError('the package is finished already');
        }
        this.#finished = true;
        const manifest: PackageManifest = {
            format: PACKAGE_FORMAT,
            caseId: this.#options.caseId,
            createdAt: this.#options.createdAt,
            createdBy: this.#options.createdBy,
            files: this.#files,
            unavailable: this.#unavailable,
        };
        this.#write(PACKAGE_FILES.manifest, TEXT.encode(`${JSON.stringify(manifest, null, 2)}\n`));
        this.#zip.end();
        return manifest;
    }

    #write(path: string, bytes: Uint8Array): void {
        const entry = STORED_SUFFIXES.some((suffix) => path.endsWith(suffix))
            ? new ZipPassThrough(path)
            : new ZipDeflate(path, { level: 6 });
        entry.mtime = this.#mtime;
        this.#zip.add(entry);
        entry.push(bytes, true);
    }
}

/** Files of a package to write in one go (tests, small tools). */
export interface CasePackageContent {
    readonly caseId: string;
    readonly createdAt: string;
    readonly createdBy: string;
    readonly files: readonly (readonly [path: string, content: Uint8Array | string])[];
    readonly unavailable?: readonly UnavailableEntry[];
}

/** Writes a whole package into memory. */
export function writeCasePackage(content: CasePackageContent): Uint8Array {
    const chunks: Uint8Array[] = [];
    const writer = new CasePackageWriter({ ...content, onData: (chunk) => chunks.push(chunk) });
    for (const [path, bytes] of content.files) {
        writer.add(path, bytes);
    }
    for (const entry of content.unavailable ?? []) {
        writer.unavailable(entry);
    }
    writer.finish();
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
        out.set(chunk, at);
        at += chunk.length;
    }
    return out;
}
