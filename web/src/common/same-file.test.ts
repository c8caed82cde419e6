import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameFile } from './same-file.ts';

const identity = fc.record({
    name: fc.string({ maxLength: 20 }),
    size: fc.nat(),
    lastModified: fc.nat(),
});

describe('sameFile', () => {
    it('recognises a file chosen again by its name, size and modification time', () => {
        fc.assert(
            fc.property(identity, (file) => {
                expect(sameFile(file, { ...file })).toBe(true);
            }),
        );
    });

    it('tells files apart when any of the three differs, and never matches a missing file', () => {
        fc.assert(
            fc.property(identity, identity, (a, b) => {
                const equal = a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
                expect(sameFile(a, b)).toBe(equal);
                expect(sameFile(a, undefined)).toBe(false);
                expect(sameFile(undefined, b)).toBe(false);
            }),
        );
    });
});
