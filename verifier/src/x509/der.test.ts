import { describe, expect, it } from 'vitest';
import { contentOf, DerError, readNode, readOid, readRoot, readTime } from './der.js';
import { derUnsignedInteger } from './der-writer.js';

describe('DER reader', () => {
    it('refuses indefinite and non-minimal lengths', () => {
        expect(() => readNode(Uint8Array.of(0x30, 0x80, 0, 0))).toThrow(DerError);
        expect(() => readNode(Uint8Array.of(0x04, 0x81, 0x01, 0xaa))).toThrow(/minimally/);
    });

    it('refuses an element overrunning its container', () => {
        expect(() => readRoot(Uint8Array.of(0x04, 0x05, 1, 2))).toThrow(/overruns/);
    });

    it('encodes integers the way Go does: minimal, with a zero byte before a set high bit', () => {
        expect([...derUnsignedInteger(0n)]).toEqual([0x02, 0x01, 0x00]);
        expect([...derUnsignedInteger(127n)]).toEqual([0x02, 0x01, 0x7f]);
        expect([...derUnsignedInteger(128n)]).toEqual([0x02, 0x02, 0x00, 0x80]);
        expect([...contentOf(readRoot(derUnsignedInteger(2n ** 63n)))]).toEqual([0, 0x80, 0, 0, 0, 0, 0, 0, 0]);
    });

    it('reads object identifiers and both time forms', () => {
        expect(readOid(readRoot(Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07)))).toBe(
            '1.2.840.10045.3.1.7',
        );
        const utc = readRoot(Uint8Array.of(0x17, 13, ...new TextEncoder().encode('491231235959Z')));
        const generalized = readRoot(Uint8Array.of(0x18, 15, ...new TextEncoder().encode('20500101000000Z')));
        expect(readTime(utc).toISOString()).toBe('2049-12-31T23:59:59.000Z');
        expect(readTime(generalized).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    });
});
