import { describe, expect, it } from 'vitest';
import {
    FingerprintFormatError,
    fingerprintLeaf,
    fingerprintParts,
    isFingerprint,
    normaliseFingerprint,
} from './fingerprint.js';

const DIGEST = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('normaliseFingerprint', () => {
    it('keeps a canonical string as it is', () => {
        expect(normaliseFingerprint(`sha256:${DIGEST}`)).toBe(`sha256:${DIGEST}`);
        expect(normaliseFingerprint(`sm3:${DIGEST}`)).toBe(`sm3:${DIGEST}`);
    });

    it('turns the object form into the canonical string', () => {
        expect(normaliseFingerprint({ algorithm: 'sm3', digest: DIGEST })).toBe(`sm3:${DIGEST}`);
    });

    it.each([
        ['an unknown algorithm', `md5:${DIGEST}`, /unsupported algorithm "md5"/],
        ['a short digest', `sha256:${DIGEST.slice(2)}`, /64 hex characters, not 62/],
        ['a long digest', `sha256:${DIGEST}00`, /64 hex characters, not 66/],
        ['upper-case hex', `sha256:${DIGEST.toUpperCase()}`, /lower-case hexadecimal/],
        ['non-hex characters', `sha256:${'g'.repeat(64)}`, /lower-case hexadecimal/],
        ['a bare digest', DIGEST, /<algorithm>:<hex digest>/],
        ['a number', 42, /must be a string/],
        ['an object without digest', { algorithm: 'sha256' }, /string members algorithm and digest/],
    ])('refuses %s', (_name, input, reason) => {
        expect(() => normaliseFingerprint(input)).toThrow(FingerprintFormatError);
        expect(() => normaliseFingerprint(input)).toThrow(reason);
    });

    it('does not treat inherited object members as algorithms', () => {
        expect(() => normaliseFingerprint(`constructor:${DIGEST}`)).toThrow(/unsupported algorithm/);
    });
});

describe('fingerprint helpers', () => {
    it('recognises canonical fingerprints only', () => {
        expect(isFingerprint(`sha256:${DIGEST}`)).toBe(true);
        expect(isFingerprint(`SHA256:${DIGEST}`)).toBe(false);
    });

    it('splits a fingerprint into algorithm and digest', () => {
        expect(fingerprintParts(`sm3:${DIGEST}`)).toEqual({ algorithm: 'sm3', digest: DIGEST });
    });

    it('uses the UTF-8 canonical string as the Merkle leaf', () => {
        const fingerprint = `sha256:${DIGEST}`;
        expect(Buffer.from(fingerprintLeaf(fingerprint)).toString('utf8')).toBe(fingerprint);
    });
});
