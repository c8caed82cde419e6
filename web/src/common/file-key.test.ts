import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileKey } from './file-key.ts';

const identity = fc.record({
    name: fc.string({ maxLength: 20 }),
    size: fc.nat(),
    lastModified: fc.nat(),
});

describe('fileKey', () => {
    it('gives the same file chosen again the same key and different files different keys', () => {
        fc.assert(
            fc.property(identity, identity, (a, b) => {
                const same = a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
                expect(fileKey(a) === fileKey(b)).toBe(same);
                expect(fileKey({ ...a })).toBe(fileKey(a));
            }),
        );
    });
});
