import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOffline, recogniseFile } from './dropped-file.ts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('recognising a file dropped for offline verification', () => {
    it('takes a zip as a case package, a roots bundle as roots, and any other JSON object as a receipt', () => {
        expect(recogniseFile('case.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])).kind).toBe('package');
        expect(recogniseFile('r.json', text('{"format":"lendledger-roots/2","version":1}')).kind).toBe('roots');
        expect(recogniseFile('r.json', text('{"format":"lendledger-roots/3","version":1}')).kind).toBe('roots');
        expect(recogniseFile('x.json', text('{"format":"lendledger-receipt/2"}')).kind).toBe('receipt');
        // The name does not decide: a receipt saved as .zip is still read as JSON.
        expect(recogniseFile('receipt.zip', text('{"format":"lendledger-receipt/2"}')).kind).toBe('receipt');
    });

    it('refuses with a stable code what is neither JSON nor a zip, and JSON that is not an object', () => {
        expect(() => recogniseFile('a.pdf', text('%PDF-1.7'))).toThrow(expect.objectContaining({ code: 'NOT_JSON' }));
        for (const json of ['[]', '1', 'null', '"receipt"']) {
            expect(() => recogniseFile('a.json', text(json))).toThrow(
                expect.objectContaining({ code: 'UNKNOWN_FILE' }),
            );
        }
    });

    it('never throws anything but its coded refusals, whatever the bytes', () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
                try {
                    expect(['package', 'roots', 'receipt']).toContain(recogniseFile('f', bytes).kind);
                } catch (error) {
                    expect(['NOT_JSON', 'UNKNOWN_FILE']).toContain((error as { code?: string }).code);
                }
            }),
        );
    });
});

describe('planning one offline verification', () => {
    const roots = { kind: 'roots', name: 'roots.json', text: '{}' } as const;
    const receipt = (name: string) => ({ kind: 'receipt', name, text: '{}', json: {} }) as const;
    const zip = (name: string) => ({ kind: 'package', name, bytes: new Uint8Array() }) as const;

    it('takes one receipt or package, with or without one roots bundle', () => {
        expect(planOffline([roots, receipt('a.json')])).toEqual({ roots, work: receipt('a.json') });
        expect(planOffline([zip('c.zip')])).toEqual({ roots: undefined, work: zip('c.zip') });
    });

    it('refuses with SEVERAL_FILES any drop of more than one receipt or package, naming them, never picking one', () => {
        const item = fc.oneof(
            fc.constant(roots),
            fc.string().map((name) => receipt(name)),
            fc.string().map((name) => zip(name)),
        );
        fc.assert(
            fc.property(fc.array(item, { maxLength: 6 }), (dropped) => {
                const works = dropped.filter((each) => each.kind !== 'roots').length;
                const rootsCount = dropped.length - works;
                if (works > 1 || rootsCount > 1) {
                    expect(() => planOffline(dropped)).toThrow(expect.objectContaining({ code: 'SEVERAL_FILES' }));
                } else if (works === 0) {
                    expect(() => planOffline(dropped)).toThrow(expect.objectContaining({ code: 'UNKNOWN_FILE' }));
                } else {
                    expect(planOffline(dropped).work.kind).not.toBe('roots');
                }
            }),
        );
    });
});
