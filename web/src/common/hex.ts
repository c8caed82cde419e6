/** Bytes as hex and random salts: the one place the web application turns bytes into text. DOM-free. */

/** Bytes of the salt drawn for each document: 128 bits, so the fingerprint cannot be guessed. */
export const SALT_BYTES = 16;

/** Lower-case hex of the bytes, two digits each. */
export function hexOf(bytes: Uint8Array | ArrayBuffer): string {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return Array.from(view, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A fresh random salt as lower-case hex. The salt never goes to the ledger: its owner keeps it with the document,
 * and without it nobody can test a guessed document against the fingerprint.
 */
export function randomSaltHex(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
    return hexOf(random(new Uint8Array(SALT_BYTES)));
}
