import { type Readable } from 'node:stream';
import { PACKAGE_FILES, receiptPath, type WitnessedReceipt } from '@lendledger/verifier';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rejection } from '../testing/fake-ledger.js';
import { type LedgerReads } from '../fabric/evaluate-json.js';
import { type ReportRequest } from '../notary/notary-reports.js';
import { CasePackages } from './case-packages.js';

const fp = (n: number): string => `sha256:${n.toString(16).padStart(2, '0').repeat(32)}`;
const ITEMS = [fp(3), fp(1), fp(2), fp(1)];
const UNKNOWN = fp(2);

/** Reads answering the case with {@link ITEMS}, counting every read. */
function caseReads(evaluated: string[]): LedgerReads {
    return {
        evaluates: { run: (task) => task() },
        runner: {
            evaluate: ({ name }) => {
                evaluated.push(name);
                const view = {
                    case: { caseId: 'CASE-9' },
                    items: ITEMS.map((fingerprint) => ({ fingerprint })),
                    chain: {},
                };
                return Promise.resolve(new TextEncoder().encode(JSON.stringify(view)));
            },
            blockByTransactionId: () => Promise.reject(new Error('not read here')),
        },
    } as LedgerReads;
}

async function bytesOf(stream: Readable): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
    }
    return new Uint8Array(Buffer.concat(chunks));
}

describe('CasePackages on the Notary gateway', () => {
    it('hands the report the receipts the package fetched, so each is read from the ledger once', async () => {
        const evaluated: string[] = [];
        const fetchedFor: string[] = [];
        const requests: ReportRequest[] = [];
        const packages = new CasePackages({
            reads: caseReads(evaluated),
            mspId: 'NotaryMSP',
            roots: undefined,
            receipts: {
                forFingerprint: (_identity, fingerprint) => {
                    fetchedFor.push(fingerprint);
                    return fingerprint === UNKNOWN
                        ? Promise.reject(rejection('FINGERPRINT_NOT_ANCHORED'))
                        : Promise.resolve({
                              fingerprint,
                              marker: `receipt of ${fingerprint}`,
                          } as unknown as WitnessedReceipt);
                },
            },
            reports: {
                issue: (_identity, request) => {
                    requests.push(request);
                    return Promise.resolve({
                        reportId: 'NR-1',
                        verdict: 'verified',
                        jws: 'a.b.c',
                        payload: {} as never,
                        pdf: Buffer.from('%PDF').toString('base64'),
                    });
                },
            },
        });

        const { stream } = await packages.open('User1', 'CASE-9');
        const files = unzipSync(await bytesOf(stream));

        expect(fetchedFor).toEqual([fp(1), fp(2), fp(3)]);
        expect(evaluated).toEqual(['Case:GetEvidence']);
        expect(requests).toHaveLength(1);
        const [request] = requests;
        expect(request).toMatchObject({ caseId: 'CASE-9', fingerprints: ITEMS });
        // Exactly the receipts written into the package, and none for the item that has none.
        expect([...request!.receipts!.keys()].sort()).toEqual([fp(1), fp(3)]);
        for (const [fingerprint, receipt] of request!.receipts!) {
            expect(JSON.parse(Buffer.from(files[receiptPath(fingerprint)]!).toString())).toEqual(receipt);
        }
        expect(Buffer.from(files[PACKAGE_FILES.reportJws]!).toString()).toBe('a.b.c');
    });
});
