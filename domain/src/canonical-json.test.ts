import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from './canonical-json.js';

describe('canonicalJson', () => {
    it('gives identical bytes for the same object built in two key orders', () => {
        const a = { loan: 'L1', stage: 'DISBURSEMENT', nested: { z: 1, a: [{ y: true, b: null }] } };
        const b = { nested: { a: [{ b: null, y: true }], z: 1 }, stage: 'DISBURSEMENT', loan: 'L1' };
        expect(canonicalJson(a)).toBe(canonicalJson(b));
        expect(canonicalJson(a)).toBe(
            '{"loan":"L1","nested":{"a":[{"b":null,"y":true}],"z":1},"stage":"DISBURSEMENT"}',
        );
    });

    it('omits undefined members', () => {
        expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    });

    it('sorts keys by code unit, not by locale', () => {
        expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4 })).toBe('{"B":2,"_":4,"a":3,"b":1}');
    });

    it.each([1.5, Number.NaN, Infinity, 2 ** 53])('refuses the non-integer or unsafe number %s', (n) => {
        expect(() => canonicalJson({ amount: n })).toThrow(CanonicalJsonError);
    });

    it('names the path of the offending value', () => {
        expect(() => canonicalJson({ rows: [{ rate: 0.1 }] })).toThrow(/\$\.rows\[0\]\.rate/);
    });

    it('refuses cycles', () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
    });
});
