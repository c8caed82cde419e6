import { fromBase64, toBase64 } from '../encoding/bytes.js';
import { CodedError } from '@lendledger/domain';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** Thrown when text expected to hold PEM certificates holds none or a malformed one. */
export class PemError extends CodedError {
    constructor(message: string) {
        super('PEM_INVALID', message);
    }
}

/**
 * The DER bytes of every `CERTIFICATE` block in PEM text, in order (RFC 7468; text between blocks is ignored).
 *
 * @throws {@link PemError} when a block's body is not base64.
 */
export function pemCertificates(text: string): Uint8Array[] {
    const found: Uint8Array[] = [];
    for (const match of text.matchAll(PEM_BLOCK)) {
        const body = match[1]!.replace(/\s+/g, '');
        try {
            found.push(fromBase64(body));
        } catch {
            throw new PemError('a CERTIFICATE block is not valid base64');
        }
    }
    return found;
}

/**
 * The DER bytes of every block of the given label (`X509 CRL`, `CERTIFICATE`) in PEM text, in order.
 *
 * @throws {@link PemError} when a block's body is not base64.
 */
export function pemObjects(text: string, label: string): Uint8Array[] {
    const found: Uint8Array[] = [];
    for (const match of text.matchAll(new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g'))) {
        try {
            found.push(fromBase64(match[1]!.replace(/\s+/g, '')));
        } catch {
            throw new PemError(`a ${label} block is not valid base64`);
        }
    }
    return found;
}

/**
 * The DER bytes of every CRL in PEM text: `X509 CRL` blocks (RFC 7468, OpenSSL) and `CRL` blocks (as some
 * libraries label them), in that order.
 *
 * @throws {@link PemError} when a block's body is not base64.
 */
export function pemCrls(text: string): Uint8Array[] {
    return [...pemObjects(text, 'X509 CRL'), ...pemObjects(text, 'CRL')];
}

/** PEM text of one DER object, a certificate unless `label` says otherwise, 64 columns as RFC 7468 writes it. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
    const body = toBase64(der)
        .replace(/(.{64})/g, '$1\n')
        .replace(/\n$/, '');
    return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
