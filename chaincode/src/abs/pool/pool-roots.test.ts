import {
    checkPoolRootConsistency,
    fromHex,
    type PoolRoot,
    type PoolRootConsistency,
    purchaseLeaf,
    tapeLeaf,
    toHex,
} from '@lendledger/domain';
import { consistencyProof, leafHash, merkleRoot, sha256, verifyConsistency } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { USERS } from '../../testing/memory-ledger.js';
import { fingerprint, loanId } from '../testing/abs-harness.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { SAMPLE_LOANS as LOANS, SAMPLE_PERIOD_1_ROWS, SAMPLE_PURCHASE as NEW } from '../testing/sample-pool.js';
import { appendToIndexedTape, indexedConsistencyProof, TAPE_BLOCK_LEAVES } from './tape-index.js';
import { EMPTY_FRONTIER, type TapeFrontier } from '@lendledger/domain';
import { absLedger } from '../testing/abs-ledger.js';

/** The pool's log: the cut-off tape, then one leaf per purchased loan; a root per closed period. */

/** The log's leaves as the issuer computes them off-chain, independent of the chaincode. */
const tapeLeaves = LOANS.map((loan) => tapeLeaf(loanId(loan.label), fingerprint(`tape:${loan.label}`)));
const purchaseLeafOf = (
    label: string,
    acquisition: 'REVOLVING_PURCHASE' | 'SUBSTITUTION',
    periodNo: number,
    replaces?: string,
): Uint8Array =>
    purchaseLeaf({
        acquisition,
        evidence: fingerprint(`${acquisition}:${label}`),
        fingerprint: fingerprint(`tape:${label}`),
        loanId: loanId(label),
        periodNo,
        ...(replaces === undefined ? {} : { replacesLoanId: loanId(replaces) }),
    });

describe('pool roots', () => {
    let abs: AbsDriver;
    const roots = new Map<number, PoolRoot>();

    const rootOf = async (periodNo: number): Promise<PoolRoot> => {
        const { result } = await abs.call<PoolRoot & { dealId: string }>(abs.pool, 'GetPoolRoot', {
            dealId: abs.dealId,
            periodNo,
        });
        expect(result.dealId).toBe(abs.dealId);
        return { periodNo: result.periodNo, size: result.size, root: result.root };
    };
    const consistency = async (fromPeriod: number, toPeriod: number): Promise<PoolRootConsistency> =>
        (
            await abs.call<PoolRootConsistency>(
                abs.pool,
                'GetPoolRootConsistency',
                { dealId: abs.dealId, fromPeriod, toPeriod },
                { as: USERS.investor },
            )
        ).result;

    beforeEach(async () => {
        abs = new AbsDriver(absLedger({ startTime: '2026-02-01T08:00:00.000Z' }), USERS.bank);
        await abs.createDeal();
        await abs.addCutOffLoans('tape-1', LOANS);
        await abs.cutOff(LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');
        // Period 1: a revolving purchase of N.
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        await abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [NEW]);
        await abs.postRows(1, 'rows-1', [
            ...SAMPLE_PERIOD_1_ROWS,
            { label: 'N', status: 'CURRENT', remainingTerm: 12, scheduled: 0, closing: 150_000 },
        ]);
        await abs.close(
            1,
            rollForward({
                openingBalance: 1_000_000,
                revolvingPurchasedPrincipal: 150_000,
                scheduledPrincipal: 80_000,
                closingBalance: 1_070_000,
            }),
        );
        // Period 2: M substitutes for B.
        await abs.openPeriod(2, '2026-03-01', '2026-03-31');
        await abs.purchase(2, 'swap-2', 'SUBSTITUTION', [{ ...NEW, label: 'M', original: 300_000, current: 270_000 }], {
            M: 'B',
        });
        await abs.postRows(2, 'rows-2', [
            { label: 'A', status: 'CURRENT', remainingTerm: 8, scheduled: 0, closing: 450_000 },
            {
                label: 'B',
                status: 'SUBSTITUTED',
                remainingTerm: 11,
                scheduled: 0,
                substituted: 270_000,
                closing: 0,
                reasonCode: 'REPS_AND_WARRANTIES_BREACH',
            },
            { label: 'C', status: 'DPD_31_60', daysPastDue: 70 - 28, remainingTerm: 5, scheduled: 0, closing: 200_000 },
            { label: 'N', status: 'CURRENT', remainingTerm: 12, scheduled: 0, closing: 150_000 },
            { label: 'M', status: 'CURRENT', remainingTerm: 12, scheduled: 0, closing: 270_000 },
        ]);
        await abs.close(
            2,
            rollForward({
                openingBalance: 1_070_000,
                substitutionInPrincipal: 270_000,
                substitutedPrincipal: 270_000,
                closingBalance: 1_070_000,
            }),
        );
        for (const periodNo of [0, 1, 2]) {
            roots.set(periodNo, await rootOf(periodNo));
        }
    });

    it('records at each close the root of the cut-off tape followed by every loan bought since, in a documented leaf', () => {
        const log = [
            ...tapeLeaves,
            purchaseLeafOf('N', 'REVOLVING_PURCHASE', 1),
            purchaseLeafOf('M', 'SUBSTITUTION', 2, 'B'),
        ];
        expect(roots.get(0)).toEqual({ periodNo: 0, size: 3, root: AbsDriver.tapeRootOf(LOANS) });
        expect(roots.get(1)).toEqual({ periodNo: 1, size: 4, root: toHex(merkleRoot(log.slice(0, 4))) });
        expect(roots.get(2)).toEqual({ periodNo: 2, size: 5, root: toHex(merkleRoot(log)) });
    });

    it('answers for every pair of periods a consistency proof that verifies offline against the roots read apart', async () => {
        for (const [from, to] of [
            [0, 0],
            [0, 1],
            [0, 2],
            [1, 1],
            [1, 2],
            [2, 2],
        ] as const) {
            const answer = await consistency(from, to);
            const anchor = { dealId: abs.dealId, from: roots.get(from)!, to: roots.get(to)! };
            expect(checkPoolRootConsistency(answer, anchor, sha256), `${from}→${to}`).toEqual({
                ok: true,
                failures: [],
            });
        }
    });

    it('leaves the cut-off tape and its loan proofs as they were', async () => {
        const { result } = await abs.call<{ tapeRoot: string; tapeSize: number }>(abs.pool, 'GetLoanProof', {
            dealId: abs.dealId,
            loanId: loanId('C'),
        });
        expect(result).toMatchObject({ tapeRoot: AbsDriver.tapeRootOf(LOANS), tapeSize: 3 });
    });

    it('refuses a period without a pool root, and periods out of order, with codes and no write', async () => {
        const notClosed = await abs.refusal(() => consistency(1, 3));
        expect(notClosed).toMatchObject({ code: 'ABS_POOL_ROOT_NOT_FOUND', details: { periodNo: 3 }, unchanged: true });
        const reversed = await abs.refusal(() => consistency(2, 1));
        expect(reversed).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'toPeriod' }, unchanged: true });
        const outsider = await abs.refusal(() =>
            abs.call(
                abs.pool,
                'GetPoolRootConsistency',
                { dealId: abs.dealId, fromPeriod: 0, toPeriod: 1 },
                {
                    as: USERS.notary,
                },
            ),
        );
        expect(outsider).toMatchObject({ code: 'ACCESS_DENIED' });
    });
});

/** A stand-in contract that drives the tape index directly, so that logs of any size are cheap to build. */
const indexProbe = {
    async Append(ctx: Context, tape: string, loans: string): Promise<string> {
        const parsed = JSON.parse(loans) as string[];
        const appended = parsed.map((id) => ({ loanId: id, leaf: new TextEncoder().encode(id) }));
        return JSON.stringify(await appendToIndexedTape(ctx, 'D', JSON.parse(tape) as TapeFrontier, appended));
    },
    async Prove(ctx: Context, m: string, n: string): Promise<string> {
        return JSON.stringify((await indexedConsistencyProof(ctx, 'D', Number(m), Number(n))).map(toHex));
    },
};

describe('indexedConsistencyProof', () => {
    it('gives, from the stored blocks and subtrees, the proof RFC 9162 gives from every leaf, for logs across blocks', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.array(fc.integer({ min: 1, max: 2 * TAPE_BLOCK_LEAVES + 7 }), { minLength: 1, maxLength: 4 }),
                fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
                async (batches, pairs) => {
                    const ledger = absLedger();
                    let tape: TapeFrontier = EMPTY_FRONTIER;
                    const ids: string[] = [];
                    for (const size of batches) {
                        const batch = Array.from({ length: size }, (_, i) => `L${ids.length + i}`);
                        ids.push(...batch);
                        tape = await ledger.invokeJson<TapeFrontier>(
                            indexProbe,
                            'Append',
                            USERS.bank,
                            JSON.stringify(tape),
                            JSON.stringify(batch),
                        );
                    }
                    const hashes = ids.map((id) => leafHash(new TextEncoder().encode(id)));
                    for (const [a, b] of pairs) {
                        const n = b % (ids.length + 1);
                        const m = a % (n + 1);
                        const proof = await ledger.invokeJson<string[]>(
                            indexProbe,
                            'Prove',
                            USERS.bank,
                            `${m}`,
                            `${n}`,
                        );
                        expect(proof).toEqual(consistencyProof(hashes.slice(0, n), m).map(toHex));
                        const rootOf = (size: number): Uint8Array =>
                            merkleRoot(ids.slice(0, size).map((id) => new TextEncoder().encode(id)));
                        expect(verifyConsistency(m, n, rootOf(m), rootOf(n), proof.map(fromHex))).toBe(true);
                    }
                },
            ),
            { numRuns: 25 },
        );
    });

    it('reads a few dozen keys by point reads and no range, whatever the sizes, on a log of 40 000 leaves', async () => {
        const ledger = absLedger();
        let tape: TapeFrontier = EMPTY_FRONTIER;
        for (let first = 0; first < 40_000; first += 5_000) {
            const batch = Array.from({ length: 5_000 }, (_, i) => `L${first + i}`);
            tape = await ledger.invokeJson<TapeFrontier>(
                indexProbe,
                'Append',
                USERS.bank,
                JSON.stringify(tape),
                JSON.stringify(batch),
            );
        }
        const n = tape.size;
        let most = 0;
        for (const m of [1, 127, 128, 129, 4_095, 17_001, 32_768, 39_999]) {
            const { calls, reads } = await ledger.invoke(indexProbe, 'Prove', USERS.bank, `${m}`, String(n));
            expect([...calls.keys()].filter((call) => /Range|Query/.test(call))).toEqual([]);
            most = Math.max(most, reads.size);
        }
        // A proof has at most 2·log2(n) hashes, each one stored node, one block, or (the ragged right edge) a split
        // into nodes; 13 reads at most here. The bound leaves room for the split without admitting a scan.
        expect(most).toBeLessThanOrEqual(4 * Math.ceil(Math.log2(n)));
    });
});
