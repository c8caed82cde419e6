import { CodedError } from '../errors/coded-error-class.js';
import { fixedFormatPattern } from '../privacy/ledger-safe.js';

/**
 * Fingerprints are salted digests of off-chain documents. On the wire and as a ledger key a fingerprint is one
 * canonical string `<algorithm>:<lower-case hex digest>`, e.g. `sha256:9f86d0…`. The algorithm is part of the
 * value so that SM3 (and later algorithms) sit beside SHA-256 without ever colliding.
 */

/** Digest algorithms a fingerprint may name, with the digest length in bytes. */
export const HASH_ALGORITHMS = Object.freeze({
    sha256: { digestBytes: 32 },
    sm3: { digestBytes: 32 },
} as const);

/** Name of a supported digest algorithm. */
export type HashAlgorithm = keyof typeof HASH_ALGORITHMS;

/** A fingerprint in canonical string form, `<algorithm>:<hex digest>`. */
export type Fingerprint = string;

/** The object form a client may send instead of the string form. */
export interface FingerprintObject {
    readonly algorithm: HashAlgorithm;
    readonly digest: string;
}

/** What a request may carry where a fingerprint is expected. */
export type FingerprintInput = Fingerprint | FingerprintObject;

/** Thrown by {@link normaliseFingerprint}; `reason` says what is wrong in words a caller can act on. */
export class FingerprintFormatError extends CodedError {
    readonly reason: string;

    constructor(reason: string) {
        super('FINGERPRINT_INVALID', `invalid fingerprint: ${reason}`);
        this.reason = reason;
    }
}

/**
 * A fingerprint in canonical form, `sha256:<64 hex>` or `sm3:<64 hex>`, lower case: the one rule the ABS formats and
 * the gateway's schemas use too. {@link normaliseFingerprint} takes it as its fast path for the overwhelmingly common,
 * already-canonical input (anchors carry tens of thousands of them).
 */
export const FINGERPRINT_PATTERN = fixedFormatPattern(/^(sha256|sm3):[0-9a-f]{64}$/);

/**
 * Turns either wire form into the canonical string, refusing unknown algorithms, wrong digest lengths and anything
 * but lower-case hex (upper case is refused rather than folded so one document never has two keys).
 *
 * @throws {@link FingerprintFormatError} naming the problem.
 * @example normaliseFingerprint({ algorithm: 'sm3', digest: 'ab…' }) === 'sm3:ab…'
 */
export function normaliseFingerprint(input: unknown): Fingerprint {
    if (typeof input === 'string') {
        if (FINGERPRINT_PATTERN.test(input)) {
            return input;
        }
        const colon = input.indexOf(':');
        if (colon < 0) {
            throw new FingerprintFormatError('expected <algorithm>:<hex digest>');
        }
        return fromParts(input.slice(0, colon), input.slice(colon + 1));
    }
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
        const { algorithm, digest } = input as Record<string, unknown>;
        if (typeof algorithm !== 'string' || typeof digest !== 'string') {
            throw new FingerprintFormatError('an object fingerprint needs string members algorithm and digest');
        }
        return fromParts(algorithm, digest);
    }
    throw new FingerprintFormatError('must be a string <algorithm>:<hex digest> or an object { algorithm, digest }');
}

function fromParts(algorithm: string, digest: string): Fingerprint {
    if (!Object.hasOwn(HASH_ALGORITHMS, algorithm)) {
        const known = Object.keys(HASH_ALGORITHMS).join(', ');
        throw new FingerprintFormatError(`unsupported algorithm "${algorithm.slice(0, 16)}", expected one of ${known}`);
    }
    const hexLength = HASH_ALGORITHMS[algorithm as HashAlgorithm].digestBytes * 2;
    if (digest.length !== hexLength) {
        throw new FingerprintFormatError(`a ${algorithm} digest has ${hexLength} hex characters, not ${digest.length}`);
    }
    if (!/^[0-9a-f]+$/.test(digest)) {
        throw new FingerprintFormatError('the digest must be lower-case hexadecimal');
    }
    return `${algorithm}:${digest}`;
}

/** True when the value is a fingerprint in canonical form. */
export function isFingerprint(value: string): boolean {
    try {
        return normaliseFingerprint(value) === value;
    } catch {
        return false;
    }
}

/** Splits a canonical fingerprint into its algorithm and digest. */
export function fingerprintParts(fingerprint: Fingerprint): FingerprintObject {
    const colon = fingerprint.indexOf(':');
    return { algorithm: fingerprint.slice(0, colon) as HashAlgorithm, digest: fingerprint.slice(colon + 1) };
}

const UTF8 = new TextEncoder();

/**
 * The Merkle leaf of a fingerprint, used by anchors and case packages alike: the UTF-8 bytes of the canonical
 * string. Naming the algorithm inside the leaf keeps an SM3 and a SHA-256 digest with equal bytes apart.
 */
export function fingerprintLeaf(fingerprint: Fingerprint): Uint8Array {
    return UTF8.encode(fingerprint);
}
