import { toHex } from '../encoding/bytes.js';
import { CertificateParseError } from './certificate.js';
import {
    childrenOf,
    contentOf,
    DER_TAGS,
    DerError,
    encodingOf,
    expectTag,
    readBitString,
    readOid,
    readRoot,
    readTime,
    type DerNode,
} from './der.js';
import { readExtensions } from './extensions.js';
import { readName, type DistinguishedName } from './names.js';

/** The parts of an X.509 CRL (RFC 5280 §5) the verifier needs to decide whether a certificate was revoked, and when. */
export interface RevocationList {
    readonly der: Uint8Array;
    /** The signed part, what the issuing CA's signature covers. */
    readonly tbs: Uint8Array;
    readonly signatureAlgorithm: string;
    readonly signature: Uint8Array;
    readonly issuer: DistinguishedName;
    readonly thisUpdate: Date;
    readonly nextUpdate: Date | undefined;
    /** Serial number (hex of the DER INTEGER content, as {@link Certificate.serialNumber}) → revocation date. */
    readonly revoked: ReadonlyMap<string, Date>;
    /** OIDs of critical CRL or entry extensions this verifier does not understand (RFC 5280: then it cannot be used). */
    readonly unhandledCritical: readonly string[];
}

/**
 * Parses a DER CRL.
 *
 * @throws {@link CertificateParseError} when the DER is malformed or a mandatory field is missing.
 */
export function parseRevocationList(der: Uint8Array): RevocationList {
    try {
        return readRevocationList(der);
    } catch (error) {
        if (error instanceof DerError) {
            throw new CertificateParseError(`malformed CRL: ${error.message}`, { cause: error });
        }
        throw error;
    }
}

function present(node: DerNode | undefined, what: string): DerNode {
    if (node === undefined) {
        throw new DerError(`missing ${what}`, 0);
    }
    return node;
}

function readRevocationList(der: Uint8Array): RevocationList {
    const [tbsNode, algorithm, signature] = childrenOf(expectTag(readRoot(der), DER_TAGS.sequence, 'CRL'));
    const tbs = childrenOf(expectTag(tbsNode, DER_TAGS.sequence, 'tbsCertList'));
    // version is an optional plain INTEGER here (v2 = 1), unlike a certificate's [0] EXPLICIT one.
    const fields = tbs[0]?.tag === DER_TAGS.integer ? tbs.slice(1) : tbs;
    const [, issuer, thisUpdate, ...rest] = fields;
    const isTime = (node: DerNode | undefined): boolean =>
        node?.tag === DER_TAGS.utcTime || node?.tag === DER_TAGS.generalizedTime;
    const nextUpdate = isTime(rest[0]) ? rest.shift() : undefined;
    const entries = rest[0]?.tag === DER_TAGS.sequence ? childrenOf(rest.shift()!) : [];
    const unhandledCritical = rest[0]?.tag === 0xa0 ? [...readExtensions(rest[0]).unhandledCritical] : [];
    const revoked = new Map<string, Date>();
    for (const entry of entries) {
        const [serial, date, extensions] = childrenOf(expectTag(entry, DER_TAGS.sequence, 'revoked certificate'));
        if (extensions !== undefined) {
            // Entry extensions are a bare SEQUENCE, not wrapped in [0]: present it to the reader as if wrapped.
            const wrapped = { ...extensions, contentStart: extensions.start };
            unhandledCritical.push(...readExtensions(wrapped).unhandledCritical);
        }
        revoked.set(
            toHex(contentOf(expectTag(serial, DER_TAGS.integer, 'serial number'))),
            readTime(present(date, 'revocation date')),
        );
    }
    return {
        der,
        tbs: encodingOf(tbsNode!),
        signatureAlgorithm: readOid(childrenOf(expectTag(algorithm, DER_TAGS.sequence, 'algorithm'))[0]!),
        signature: readBitString(expectTag(signature, DER_TAGS.bitString, 'signature')),
        issuer: readName(expectTag(issuer, DER_TAGS.sequence, 'issuer')),
        thisUpdate: readTime(present(thisUpdate, 'thisUpdate')),
        nextUpdate: nextUpdate === undefined ? undefined : readTime(nextUpdate),
        revoked,
        unhandledCritical,
    };
}
