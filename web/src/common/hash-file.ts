import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** Progress of {@link fingerprintFile}: bytes hashed so far of the file's size. */
export type HashProgress = (hashed: number, total: number) => void;

/**
 * The document fingerprint the ledger stores: `sha256:` + hex SHA-256(salt ‖ document). The file is read as a
 * stream, so a file of gigabytes is hashed without being held in memory, and nothing leaves the browser.
 *
 * @param saltHex the owner's salt as hex (empty for an unsalted fingerprint, such as an anchored one).
 * @throws Error when the salt is not hex of whole bytes.
 */
export async function fingerprintFile(
    file: Blob,
    saltHex: string,
    onProgress?: HashProgress,
    signal?: AbortSignal,
): Promise<string> {
    const salt = saltHex.trim().toLowerCase();
    if (!/^(?:[0-9a-f]{2})*$/.test(salt)) {
        throw new Error('salt must be hex');
    }
    const hash = sha256.create();
    hash.update(hexToBytes(salt));
    const reader = file.stream().getReader();
    let hashed = 0;
    onProgress?.(0, file.size);
    for (;;) {
        signal?.throwIfAborted();
        const { done, value } = await reader.read();
        if (done) {
            break;
        }
        hash.update(value);
        hashed += value.byteLength;
        onProgress?.(hashed, file.size);
    }
    return `sha256:${bytesToHex(hash.digest())}`;
}
