import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Bytes, reportDigest, reportFileName } from './report-files.ts';

describe("a notary report's files", () => {
    it('names the report by SHA-256 of its compact JWS', async () => {
        await fc.assert(
            fc.asyncProperty(fc.string(), async (jws) => {
                const expected = createHash('sha256').update(jws, 'utf8').digest('hex');
                expect(await reportDigest(jws)).toBe(`sha256:${expected}`);
            }),
        );
    });

    it('decodes the PDF bytes exactly', () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
                expect([...base64Bytes(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes]);
            }),
        );
    });

    it('makes a safe file name of any report ID', () => {
        expect(reportFileName('NR-1234-abcd', 'pdf')).toBe('NR-1234-abcd.pdf');
        fc.assert(
            fc.property(fc.string(), (id) => {
                expect(reportFileName(id, 'jws')).toMatch(/^[A-Za-z0-9_-]{1,100}\.jws$/);
            }),
        );
    });
});
