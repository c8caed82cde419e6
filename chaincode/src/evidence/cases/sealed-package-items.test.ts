import { createHash } from 'node:crypto';
import { toHex, type CaseEvidenceView, type CaseView, type CaseWriteResult } from '@lendledger/domain';
import { fingerprintLeafHash, fingerprintTreeRoot, inclusionProof } from '@lendledger/domain/node';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { failureOf } from '../../testing/refusals.js';
import { caseFiling, fp, type JsonObject } from '../../testing/sample-requests.js';
import { AnchorContract } from '../anchors/anchor-contract.js';
import { EvidenceContract } from '../records/evidence-contract.js';
import { CaseContract } from './case-contract.js';

vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const evidence = new EvidenceContract();
const anchors = new AnchorContract();
const cases = new CaseContract();
const LOAN = `loan:${createHash('sha256').update('loan sealed').digest('hex')}`;

/** A sealed batch of seven leaves (root and size on the ledger, leaves kept by the sealer). */
const SEALED = Array.from({ length: 7 }, (_, i) => fp(`sealed leaf ${i}`));
const SEALED_ROOT = fingerprintTreeRoot(SEALED);

/** The proof a seal's proof bundle gives for leaf `index`, as a filing's `package.sealed` item. */
function sealedProof(index: number, root = SEALED_ROOT): JsonObject {
    const path = inclusionProof(SEALED.map(fingerprintLeafHash), index).map(toHex);
    return { fingerprint: SEALED[index]!, root, index, auditPath: path };
}

function filingWith(fingerprints: string[], sealed?: JsonObject[]): JsonObject {
    const request = caseFiling('SC-0001', LOAN, fingerprints);
    const pkg = request.package as JsonObject;
    return { ...request, package: sealed ? { ...pkg, sealed } : pkg };
}

describe('Case contract: sealed items in packages', () => {
    let ledger: MemoryLedger;

    const file = (request: object) =>
        ledger.invokeJson<CaseWriteResult>(cases, 'File', USERS.bank, JSON.stringify(request));

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
        await ledger.invoke(
            evidence,
            'Register',
            USERS.platform,
            JSON.stringify({
                salted: true,
                evidenceType: 'DOC',
                loanRef: LOAN,
                parties: TEST_LOAN_PARTIES,
                fingerprint: fp('contract'),
                stage: 'CONTRACT_SIGNING',
            }),
        );
        await ledger.invoke(anchors, 'Seal', USERS.platform, JSON.stringify({ root: SEALED_ROOT, size: 7 }));
    });

    it('refuses a sealed item filed without its proof, as before', async () => {
        const error = await failureOf(file(filingWith([fp('contract'), SEALED[6]!])));
        expect(error).toMatchObject({ code: 'PACKAGE_FINGERPRINT_UNKNOWN', details: { unknown: [SEALED[6]] } });
    });

    it('files a package with sealed items proven against the sealed root and size, and resolves them', async () => {
        const { created } = await file(
            filingWith([fp('contract'), SEALED[6]!, SEALED[2]!], [sealedProof(6), sealedProof(2)]),
        );
        expect(created).toBe(true);

        const view = await ledger.invokeJson<CaseView>(
            cases,
            'Get',
            USERS.court,
            JSON.stringify({ caseId: 'SC-0001' }),
        );
        expect(view.package.sealed).toEqual([
            { fingerprint: SEALED[6], anchorId: SEALED_ROOT, index: 6, size: 7 },
            { fingerprint: SEALED[2], anchorId: SEALED_ROOT, index: 2, size: 7 },
        ]);
        const resolved = await ledger.invokeJson<CaseEvidenceView>(
            cases,
            'GetEvidence',
            USERS.notary,
            JSON.stringify({ caseId: 'SC-0001' }),
        );
        expect(resolved.items.map((item) => item.sealed?.index ?? null)).toEqual([null, 6, 2]);
        expect(resolved.items[1]!.sealed).toMatchObject({ anchorId: SEALED_ROOT, size: 7, sealer: 'PlatformMSP' });
        expect(resolved.items[1]!.sealed?.txId).toMatch(/^tx/);
    });

    it('stores a package without sealed items exactly as before (no sealed member)', async () => {
        await file(filingWith([fp('contract')]));
        const view = await ledger.invokeJson<CaseView>(
            cases,
            'Get',
            USERS.court,
            JSON.stringify({ caseId: 'SC-0001' }),
        );
        expect(Object.keys(view.package).sort()).toEqual(['caseId', 'fingerprints', 'root', 'size']);
    });

    it('refuses a proof moved to any other index, or with any path step changed, writing nothing', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: 6 }),
                fc.integer({ min: 0, max: 2 ** 24 - 1 }),
                fc.nat(),
                fc.boolean(),
                async (leaf, otherIndex, step, moveIndex) => {
                    const proof = sealedProof(leaf) as { auditPath: string[]; index: number };
                    if (moveIndex) {
                        fc.pre(otherIndex !== leaf);
                        proof.index = otherIndex;
                    } else {
                        const at = step % proof.auditPath.length;
                        const flipped = (parseInt(proof.auditPath[at]![0]!, 16) ^ 1).toString(16);
                        proof.auditPath[at] = flipped + proof.auditPath[at]!.slice(1);
                    }
                    const error = await failureOf(file(filingWith([fp('contract'), SEALED[leaf]!], [proof])));
                    expect(error).toMatchObject({
                        code: 'PACKAGE_SEALED_PROOF_INVALID',
                        details: { field: 'request.package.sealed[0]' },
                    });
                },
            ),
            { numRuns: 40 },
        );
        expect(ledger.snapshot().has('\u0000case\u0000SC-0001\u0000')).toBe(false);
    });

    it('refuses a proof with a step dropped or added', async () => {
        const proof = sealedProof(6) as { auditPath: string[] };
        for (const auditPath of [proof.auditPath.slice(1), [...proof.auditPath, proof.auditPath[0]!]]) {
            const error = await failureOf(file(filingWith([SEALED[6]!], [{ ...proof, auditPath }])));
            expect(error.code).toBe('PACKAGE_SEALED_PROOF_INVALID');
        }
    });

    it('refuses a proof naming a root nobody sealed, a fingerprint outside the package, and one item proven twice', async () => {
        const unsealed = await failureOf(file(filingWith([SEALED[6]!], [sealedProof(6, 'ab'.repeat(32))])));
        expect(unsealed.code).toBe('ANCHOR_NOT_FOUND');
        const outside = await failureOf(file(filingWith([SEALED[6]!], [sealedProof(2)])));
        expect(outside).toMatchObject({
            code: 'INVALID_ARGUMENT',
            details: { field: 'package.sealed[0].fingerprint' },
        });
        const twice = await failureOf(file(filingWith([SEALED[6]!], [sealedProof(6), sealedProof(6)])));
        expect(twice).toMatchObject({ code: 'DUPLICATE_IN_BATCH', details: { field: 'package.sealed[1]' } });
    });

    it('refuses malformed proofs with the field named', async () => {
        const proof = sealedProof(6);
        const cases: [JsonObject, string][] = [
            [{ ...proof, index: -1 }, 'package.sealed[0].index'],
            [{ ...proof, index: 1.5 }, 'package.sealed[0].index'],
            [{ ...proof, auditPath: ['XYZ'] }, 'package.sealed[0].auditPath[0]'],
            [{ ...proof, auditPath: Array.from({ length: 25 }, () => '00'.repeat(32)) }, 'package.sealed[0].auditPath'],
            [{ ...proof, root: 'not hex' }, 'package.sealed[0].root'],
            [{ ...proof, extra: 1 }, 'package.sealed[0].extra'],
        ];
        for (const [item, field] of cases) {
            const error = await failureOf(file(filingWith([SEALED[6]!], [item])));
            expect([error.code, error.details?.field]).toEqual([
                expect.stringMatching(/INVALID_ARGUMENT|BATCH_TOO_LARGE/),
                field,
            ]);
        }
    });
});
