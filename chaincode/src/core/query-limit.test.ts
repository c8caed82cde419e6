import { fromHex, type LoanRecord, tapeLeaf, toHex } from '@lendledger/domain';
import { inclusionProof, leafHash, verifyInclusion } from '@lendledger/domain/node';
import fc from 'fast-check';
import { type Context } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { ABS_OBJECTS } from '../abs/keys.js';
import { TAPE_BLOCK_LEAVES } from '../abs/pool/tape-index.js';
import { fingerprint, loanId, type TestLoan } from '../abs/testing/abs-harness.js';
import { AbsDriver } from '../abs/testing/abs-driver.js';
import { dealWithTape, tapeLoans } from '../abs/testing/tape-fixture.js';
import { type MemoryLedger, USERS } from '../testing/memory-ledger.js';
import { allByPartialKey } from './ledger-state.js';
import { readEveryPage, readPage } from './page-reader.js';
import { absLedger } from '../abs/testing/abs-ledger.js';

/**
 * Sets larger than the peer's `ledger.state.totalQueryLimit`. The peer answers a range query with at most that many
 * results and says nothing of the rest, and a transaction that writes cannot page; so every function that reads a
 * set must either page (queries) or stay within a bound by design (transactions), and must never answer from part
 * of a set. The memory ledger here answers at most {@link CAP} results a query, and each function reads a set
 * larger than that.
 */

const CAP = 50;

function ledgerWithCap(): MemoryLedger {
    return absLedger({ startTime: '2026-02-01T08:00:00.000Z', totalQueryLimit: CAP });
}

interface Proof {
    leafHash: string;
    tapeIndex: number;
    tapeSize: number;
    proof: string[];
    tapeRoot: string;
}

/** Proves the loan at `index` and checks the proof against the tape root and RFC 9162's proof over every leaf. */
async function expectProvable(abs: AbsDriver, loans: readonly TestLoan[], index: number): Promise<void> {
    const { result } = await abs.call<Proof>(abs.pool, 'GetLoanProof', {
        dealId: abs.dealId,
        loanId: loanId(loans[index]!.label),
    });
    const leaves = loans.map((loan) => leafHash(tapeLeaf(loanId(loan.label), fingerprint(`tape:${loan.label}`))));
    expect(result).toMatchObject({ tapeIndex: index, tapeSize: loans.length, tapeRoot: AbsDriver.tapeRootOf(loans) });
    expect(result.leafHash).toBe(toHex(leaves[index]!));
    expect(result.proof).toEqual(inclusionProof(leaves, index).map(toHex));
    expect(
        verifyInclusion(
            fromHex(result.leafHash),
            result.tapeIndex,
            result.tapeSize,
            result.proof.map(fromHex),
            fromHex(result.tapeRoot),
        ),
    ).toBe(true);
}

/** Runs a function with a transaction's context, as a probe contract of the memory ledger. */
async function withContext<T>(ledger: MemoryLedger, action: (ctx: Context) => Promise<T>): Promise<T> {
    let answer: T | undefined;
    await ledger.invoke(
        {
            async probe(ctx: Context): Promise<string> {
                answer = await action(ctx);
                return '';
            },
        },
        'probe',
        USERS.bank,
    );
    return answer as T;
}

describe('the memory ledger answers range queries as a peer with a totalQueryLimit does', () => {
    it('answers at most the limit, silently, to a query that does not page', async () => {
        const ledger = ledgerWithCap();
        await dealWithTape(ledger, tapeLoans(CAP + 7), [CAP + 7], false);
        const count = await withContext(
            ledger,
            async (ctx) => (await allByPartialKey(ctx, ABS_OBJECTS.loan, ['DEAL-2026-1'])).length,
        );
        expect(count).toBe(CAP);
    });

    it('refuses a paginated query in a transaction that has written, and a write after one', async () => {
        const ledger = ledgerWithCap();
        const range = { objectType: ABS_OBJECTS.loan, attributes: ['DEAL-2026-1'] };
        await expect(
            withContext(ledger, async (ctx) => {
                await ctx.stub.putState('k', Buffer.from('1'));
                return readPage(ctx, range, { pageSize: 10, bookmark: '' });
            }),
        ).rejects.toThrow(/only in a read-only transaction/);
        await expect(
            withContext(ledger, async (ctx) => {
                await readPage(ctx, range, { pageSize: 10, bookmark: '' });
                await ctx.stub.putState('k', Buffer.from('1'));
            }),
        ).rejects.toThrow(/Writes are not allowed/);
    });
});

describe('every function that reads a set works beyond the peer query limit', () => {
    it('AbsPool:GetLoanProof proves any loan of a tape larger than the limit, whatever the batches', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: CAP + 1, max: 3 * TAPE_BLOCK_LEAVES + 5 }),
                // At least 8 loans a batch keeps a tape of at most 389 loans within 49 batches, which the cut-off
                // reads in one query (below the cap; more batches are refused, see the CutOffPool test).
                fc.array(fc.integer({ min: 8, max: 2 * TAPE_BLOCK_LEAVES }), { minLength: 1, maxLength: 4 }),
                fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
                async (size, batchSizes, picks) => {
                    const loans = tapeLoans(size);
                    const abs = await dealWithTape(ledgerWithCap(), loans, batchSizes);
                    for (const index of new Set([0, size - 1, ...picks.map((pick) => pick % size)])) {
                        await expectProvable(abs, loans, index);
                    }
                },
            ),
            { numRuns: 6 },
        );
    });

    it('AbsPool:GetLoanProof proves every block boundary of a tape spanning several levels of stored subtrees', async () => {
        const size = 8 * TAPE_BLOCK_LEAVES + 37;
        const loans = tapeLoans(size);
        const abs = await dealWithTape(ledgerWithCap(), loans, [500, 1, 333]);
        const boundaries = Array.from({ length: 9 }, (_, block) => block * TAPE_BLOCK_LEAVES);
        for (const index of [...boundaries, ...boundaries.slice(1).map((start) => start - 1), size - 1]) {
            await expectProvable(abs, loans, index);
        }
    });

    it('AbsPool:GetLoanProof proves a tape cut off before the tape index existed, reading the loans page by page', async () => {
        const ledger = ledgerWithCap();
        const loans = tapeLoans(2 * CAP + 3);
        const abs = await dealWithTape(ledger, loans, [40]);
        await withContext(ledger, async (ctx) => {
            for (const key of ledger.keys()) {
                const { objectType } = ctx.stub.splitCompositeKey(key);
                if (objectType === ABS_OBJECTS.tapeBlock || objectType === ABS_OBJECTS.tapeNode) {
                    await ctx.stub.deleteState(key);
                }
            }
        });
        expect(ledger.keys().some((key) => key.includes(ABS_OBJECTS.tapeBlock))).toBe(false);
        for (const index of [0, CAP, loans.length - 1]) {
            await expectProvable(abs, loans, index);
        }
    });

    it('AbsPool:ListLoans pages through every loan of a pool larger than the limit, once each, in ID order', async () => {
        const loans = tapeLoans(2 * CAP + 11);
        const abs = await dealWithTape(ledgerWithCap(), loans, [60], false);
        const listed: string[] = [];
        let bookmark = '';
        do {
            const { result } = await abs.call<{ items: LoanRecord[]; bookmark: string }>(abs.pool, 'ListLoans', {
                dealId: abs.dealId,
                pageSize: 1000,
                bookmark,
            });
            expect(result.items.length).toBeLessThanOrEqual(CAP);
            listed.push(...result.items.map((loan) => loan.loanId));
            bookmark = result.bookmark;
        } while (bookmark !== '');
        expect(listed).toEqual(loans.map((loan) => loanId(loan.label)).sort());
    });

    it('readEveryPage reads a whole range larger than the limit in a read-only function', async () => {
        const ledger = ledgerWithCap();
        const loans = tapeLoans(3 * CAP + 1);
        await dealWithTape(ledger, loans, [200], false);
        const read = await withContext(ledger, (ctx) =>
            readEveryPage<LoanRecord>(ctx, { objectType: ABS_OBJECTS.loan, attributes: ['DEAL-2026-1'] }),
        );
        expect(read.map((loan) => loan.loanId)).toEqual(loans.map((loan) => loanId(loan.label)).sort());
    });

    it('AbsPool:CutOffPool sums every batch of a tape in fewer batches than the limit, and refuses rather than sum part of more', async () => {
        const within = tapeLoans(CAP + 20);
        const fits = await dealWithTape(ledgerWithCap(), within, [2]);
        const { result } = await fits.call<{ loanCount: number; batchIds: string[] }>(fits.pool, 'GetPool', {
            dealId: fits.dealId,
        });
        expect(result).toMatchObject({ cutOff: { loanCount: within.length } });

        const beyond = tapeLoans(CAP + 1);
        const abs = await dealWithTape(ledgerWithCap(), beyond, [1], false);
        await expect(abs.cutOff(beyond)).rejects.toThrow(/answered fewer batches than the tape has/);
    });
});
