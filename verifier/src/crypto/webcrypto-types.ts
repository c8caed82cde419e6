/**
 * WebCrypto types taken from the global `crypto` object rather than from the DOM library, so that the code
 * type-checks both with DOM types (browsers) and with only Node's types.
 */
export type Subtle = typeof globalThis.crypto.subtle;

/** A WebCrypto key. */
export type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;

/** A WebCrypto key pair. */
export type WebCryptoKeyPair = { readonly privateKey: WebCryptoKey; readonly publicKey: WebCryptoKey };

/** What WebCrypto accepts as bytes. */
export type WebCryptoBytes = Parameters<Subtle['verify']>[3];

/** Bytes as WebCrypto wants them (the cast only narrows the buffer type TypeScript cannot see). */
export function asWebCryptoBytes(bytes: Uint8Array): WebCryptoBytes {
    return bytes as unknown as WebCryptoBytes;
}
