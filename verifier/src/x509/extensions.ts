import { toHex } from '../encoding/bytes.js';
import { childrenOf, contentOf, DER_TAGS, expectTag, readOid, readRoot, type DerNode } from './der.js';

/** The extensions that decide whether a certificate may issue others, plus the ones left unread. */
export interface CertificateExtensions {
    /** basicConstraints cA, or undefined when the extension is absent. */
    readonly isCa: boolean | undefined;
    /** keyUsage bits (bit 0 = digitalSignature … bit 5 = keyCertSign), or undefined when absent. */
    readonly keyUsage: number | undefined;
    readonly subjectKeyId: string | undefined;
    readonly authorityKeyId: string | undefined;
    /** OIDs of critical extensions this verifier does not understand; RFC 5280 says such a certificate is unusable. */
    readonly unhandledCritical: readonly string[];
}

/** keyUsage bit positions (RFC 5280 §4.2.1.3). */
export const KEY_USAGE = Object.freeze({ digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const);

const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE_OID = '2.5.29.15';
const SUBJECT_KEY_ID = '2.5.29.14';
const AUTHORITY_KEY_ID = '2.5.29.35';
// Understood well enough to be harmless when critical: they restrict use, which the checks do not widen.
const HANDLED = new Set([BASIC_CONSTRAINTS, KEY_USAGE_OID, SUBJECT_KEY_ID, AUTHORITY_KEY_ID, '2.5.29.37', '2.5.29.17']);

/** Reads the [3] extensions element of a tbsCertificate (absent in v1 certificates). */
export function readExtensions(node: DerNode | undefined): CertificateExtensions {
    const result = {
        isCa: undefined as boolean | undefined,
        keyUsage: undefined as number | undefined,
        subjectKeyId: undefined as string | undefined,
        authorityKeyId: undefined as string | undefined,
        unhandledCritical: [] as string[],
    };
    if (node === undefined) {
        return result;
    }
    const [list] = childrenOf(node);
    for (const extension of childrenOf(expectTag(list, DER_TAGS.sequence, 'extensions'))) {
        const parts = childrenOf(expectTag(extension, DER_TAGS.sequence, 'extension'));
        const oid = readOid(expectTag(parts[0], DER_TAGS.oid, 'extension id'));
        const critical = parts.length === 3 && contentOf(parts[1]!)[0] !== 0;
        const value = contentOf(expectTag(parts[parts.length - 1], DER_TAGS.octetString, 'extension value'));
        applyExtension(result, oid, value);
        if (critical && !HANDLED.has(oid)) {
            result.unhandledCritical.push(oid);
        }
    }
    return result;
}

function applyExtension(result: Mutable<CertificateExtensions>, oid: string, value: Uint8Array): void {
    switch (oid) {
        case BASIC_CONSTRAINTS: {
            const [ca] = childrenOf(expectTag(readRoot(value), DER_TAGS.sequence, 'basicConstraints'));
            result.isCa = ca?.tag === DER_TAGS.boolean && contentOf(ca)[0] !== 0;
            break;
        }
        case KEY_USAGE_OID:
            result.keyUsage = readKeyUsage(readRoot(value));
            break;
        case SUBJECT_KEY_ID:
            result.subjectKeyId = toHex(contentOf(expectTag(readRoot(value), DER_TAGS.octetString, 'subjectKeyId')));
            break;
        case AUTHORITY_KEY_ID: {
            const keyId = childrenOf(readRoot(value)).find((child) => child.tag === 0x80);
            result.authorityKeyId = keyId === undefined ? undefined : toHex(contentOf(keyId));
            break;
        }
        default:
            break;
    }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// keyUsage is a named BIT STRING whose trailing zero bits are dropped, so it may declare unused bits.
function readKeyUsage(node: DerNode): number {
    const content = contentOf(expectTag(node, DER_TAGS.bitString, 'keyUsage'));
    let bits = 0;
    for (let i = 1; i < content.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
            if (content[i]! & (0x80 >> bit)) {
                bits |= 1 << ((i - 1) * 8 + bit);
            }
        }
    }
    return bits;
}

/** True when keyUsage is absent or has the given bit. */
export function allowsKeyUsage(extensions: CertificateExtensions, bit: number): boolean {
    return extensions.keyUsage === undefined || (extensions.keyUsage & (1 << bit)) !== 0;
}
