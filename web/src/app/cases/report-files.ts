/** A notary report's bytes for people: its digest and its files to download. DOM-free (WebCrypto only). */

import { hexOf } from '../../common/hex.ts';

/** `sha256:<hex>` of the compact JWS: the digest that names the report wherever it is filed. */
export async function reportDigest(jws: string): Promise<string> {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(jws));
    return `sha256:${hexOf(digest)}`;
}

/** Decodes standard base64 (the report's PDF). @throws Error on a character outside base64. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
}

/** The file names a report downloads under: its ID, made safe for any file system. */
export function reportFileName(reportId: string, extension: 'pdf' | 'jws'): string {
    return `${reportId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100) || 'report'}.${extension}`;
}
