import {
    checkTapeExport,
    DEFAULT_FOUNDING_MEMBERS,
    checkTapePage,
    type CutOffRecord,
    type TapeAnchor,
    type TapePage,
    TAPE_PAGE_SIZES,
    TAPE_PAGE_UNPROVEN_LOAN_FIELDS,
    tapePageCount,
} from '@lendledger/domain';
import { sha256 } from '@lendledger/domain/node';
import fc from 'fast-check';
import { type Context } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { MORE_MEMBERS, MORE_USERS, USERS } from '../../testing/memory-ledger.js';
import { ABS_OBJECTS } from '../keys.js';
import { AbsDriver } from '../testing/abs-driver.js';
import { fingerprint, type IdentityLike, loanId, salt, type TestLoan } from '../testing/abs-harness.js';
import { dealWithTape as loadTape, tapeLoans } from '../testing/tape-fixture.js';
import { TAPE_BLOCK_LEAVES } from './tape-index.js';
import { absLedger } from '../testing/abs-ledger.js';

/** AbsPool:ExportTape: pages of the cut-off tape in tape order, each provable offline against the tape root. */

/** A cut-off deal whose tape holds `loans`, on a ledger whose registry has the second investor too. */
function dealWithTape(
    loans: readonly TestLoan[],
    batchSizes: readonly number[] = [500],
    ledger = absLedger({
        startTime: '2026-02-01T08:00:00.000Z',
        registry: [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS],
    }),
): Promise<AbsDriver> {
    return loadTape(ledger, loans, batchSizes);
}

function anchorOf(loans: readonly TestLoan[], expectAmounts?: boolean): TapeAnchor {
    return {
        dealId: 'DEAL-2026-1',
        tapeRoot: AbsDriver.tapeRootOf(loans),
        tapeSize: loans.length,
        ...(expectAmounts === undefined ? {} : { expectAmounts }),
    };
}

async function exportPage(
    abs: AbsDriver,
    request: Readonly<Record<string, unknown>>,
    as: IdentityLike = USERS.investor,
): Promise<TapePage> {
    return (await abs.call<TapePage>(abs.pool, 'ExportTape', { dealId: abs.dealId, ...request }, { as })).result;
}

async function cutOffOriginalPrincipal(abs: AbsDriver): Promise<number> {
    const { result } = await abs.call<{ cutOff: CutOffRecord }>(
        abs.pool,
        'GetPool',
        { dealId: abs.dealId },
        { as: USERS.investor },
    );
    return result.cutOff.originalPrincipal;
}

async function exportAll(abs: AbsDriver, pageSize: number, withAmounts = true): Promise<TapePage[]> {
    const pages: TapePage[] = [];
    let fromIndex: number | null = 0;
    while (fromIndex !== null) {
        const page = await exportPage(abs, { fromIndex, pageSize, withAmounts });
        pages.push(page);
        fromIndex = page.nextIndex;
    }
    return pages;
}

/** Every leaf path of a JSON value, with the value there. */
function leafPaths(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
    if (typeof value === 'object' && value !== null) {
        return Object.entries(value).flatMap(([key, child]) =>
            leafPaths(child, [...path, Array.isArray(value) ? Number(key) : key]),
        );
    }
    return [[path, value]];
}

function withValueAt(page: TapePage, path: readonly (string | number)[], value: unknown): TapePage {
    const copy = structuredClone(page) as unknown as Record<string | number, unknown>;
    let at = copy;
    for (const key of path.slice(0, -1)) {
        at = at[key] as Record<string | number, unknown>;
    }
    at[path[path.length - 1]!] = value;
    return copy as unknown as TapePage;
}

/** A different value of the same kind: another character, one more, the other boolean. */
function tweak(value: unknown): unknown {
    switch (typeof value) {
        case 'string':
            return value.length === 0 ? 'x' : value.slice(0, -1) + (value.endsWith('0') ? '1' : '0');
        case 'number':
            return value + 1;
        case 'boolean':
            return !value;
        default:
            return 0;
    }
}

/**
 * True when the tape root cannot be expected to catch a change at this path: the loan's current public state and
 * its `amountsDigest`. A change of `amountsDigest` alone still fails the page's consistency check when the page
 * carries amounts, but a relay that changes amounts and digest together passes it (see the domain's
 * tape-page-check.test.ts); so the digest is never counted as covered.
 */
function unproven(path: readonly (string | number)[]): boolean {
    const [top, , part, field] = path;
    if (top !== 'entries' || part !== 'loan' || typeof field !== 'string') {
        return false;
    }
    return TAPE_PAGE_UNPROVEN_LOAN_FIELDS.includes(field);
}

/** Page changes other than one field's value: entries reordered, missing or repeated, proof hashes dropped or added. */
function structuralMutations(page: TapePage): [string, TapePage][] {
    const entries = [...page.entries];
    const mutations: [string, TapePage][] = [
        ['last entry removed', { ...page, entries: entries.slice(0, -1) }],
        ['first entry repeated', { ...page, entries: [entries[0]!, ...entries] }],
        ['an entry appended', { ...page, entries: [...entries, entries[0]!] }],
        ['a proof hash appended', { ...page, proof: [...page.proof, page.tapeRoot] }],
    ];
    if (page.withAmounts) {
        mutations.push(['amounts dropped', { ...page, entries: [{ loan: entries[0]!.loan }, ...entries.slice(1)] }]);
    }
    if (entries.length > 1) {
        mutations.push(['two entries swapped', { ...page, entries: [entries[1]!, entries[0]!, ...entries.slice(2)] }]);
        mutations.push([
            'two entries swapped with their indexes',
            {
                ...page,
                entries: [
                    { ...entries[1]!, loan: { ...entries[1]!.loan, tapeIndex: page.fromIndex } },
                    { ...entries[0]!, loan: { ...entries[0]!.loan, tapeIndex: page.fromIndex + 1 } },
                    ...entries.slice(2),
                ],
            },
        ]);
    }
    if (page.proof.length > 0) {
        mutations.push(['last proof hash dropped', { ...page, proof: page.proof.slice(0, -1) }]);
    }
    return mutations;
}

describe('AbsPool:ExportTape', () => {
    it('answers every page of tapes of any size in tape order, and every page verifies against the tape root', async () => {
        await fc.assert(
            fc.asyncProperty(
                // Sizes below, at and across block (128) and page boundaries, powers of two or not.
                fc.oneof(
                    fc.integer({ min: 1, max: 3 * TAPE_BLOCK_LEAVES + 3 }),
                    fc.constantFrom(128, 129, 255, 256, 257, 511, 512, 513),
                ),
                fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 }),
                fc.constantFrom(...TAPE_PAGE_SIZES),
                async (size, batchSizes, pageSize) => {
                    const loans = tapeLoans(size);
                    const abs = await dealWithTape(loans, batchSizes);
                    const pages = await exportAll(abs, pageSize);
                    expect(pages).toHaveLength(tapePageCount(size, pageSize));
                    for (const page of pages) {
                        expect(checkTapePage(page, anchorOf(loans, true), sha256)).toEqual({
                            ok: true,
                            failures: [],
                            amountsProved: false,
                        });
                    }
                    expect(checkTapeExport(pages, anchorOf(loans), sha256).ok).toBe(true);
                    // The cut-off record's original principal, as GetPool answers it, is the export's total.
                    const originalPrincipal = await cutOffOriginalPrincipal(abs);
                    expect(checkTapeExport(pages, { ...anchorOf(loans), originalPrincipal }, sha256)).toMatchObject({
                        ok: true,
                        amountsProved: false,
                        originalPrincipalChecked: true,
                    });
                    const entries = pages.flatMap((page) => page.entries);
                    expect(entries.map((entry) => entry.loan.loanId)).toEqual(loans.map((loan) => loanId(loan.label)));
                    expect(entries.map((entry) => entry.loan.fingerprint)).toEqual(
                        loans.map((loan) => fingerprint(`tape:${loan.label}`)),
                    );
                    expect(entries.map((entry) => entry.amounts)).toEqual(
                        loans.map((loan) => ({
                            dealId: abs.dealId,
                            loanId: loanId(loan.label),
                            originalPrincipal: loan.original,
                            currentPrincipal: loan.current,
                            defaultedPrincipal: 0,
                            chargedOffPrincipal: 0,
                            recoveredAmount: 0,
                            salt: salt(`loan:${loan.label}`),
                        })),
                    );
                },
            ),
            { numRuns: 12 },
        );
        // Twelve tapes of up to 515 loans, each with its loans' evidence chains: a few seconds alone, over 30 on a
        // machine busy with a network's load.
    }, 90_000);

    describe('an offline check of a page', () => {
        const loans = tapeLoans(2 * TAPE_BLOCK_LEAVES + 61);
        const pagesOf = async (): Promise<TapePage[]> => {
            const abs = await dealWithTape(loans, [200, 77]);
            return [
                await exportPage(abs, { pageSize: 128, fromIndex: 128 }),
                await exportPage(abs, { pageSize: 128, fromIndex: 256 }),
                await exportPage(abs, { pageSize: 256, fromIndex: 256, withAmounts: false }),
            ];
        };

        it('refuses every change of a single field the tape root covers, and an amount alone (consistency)', async () => {
            for (const page of await pagesOf()) {
                const anchor = anchorOf(loans);
                expect(checkTapePage(page, anchor, sha256).ok).toBe(true);
                const accepted: string[] = [];
                // Every field of the page and of its first, second and last entries (the fast-check property below
                // draws from all entries); a 128-entry page checked at every field of every entry takes ~20 s.
                const sampled = new Set([0, 1, page.entries.length - 1]);
                for (const [path, value] of leafPaths(page)) {
                    if (path[0] === 'entries' && !sampled.has(path[1] as number)) {
                        continue;
                    }
                    if (!checkTapePage(withValueAt(page, path, tweak(value)), anchor, sha256).ok) {
                        continue;
                    }
                    if (!unproven(path)) {
                        accepted.push(path.join('.'));
                    }
                }
                expect(accepted).toEqual([]);
                for (const [what, mutated] of structuralMutations(page)) {
                    expect(checkTapePage(mutated, anchor, sha256).ok, what).toBe(false);
                }
            }
        });

        it('refuses any other value at any covered or consistency-checked field, and any other trusted anchor', async () => {
            const pages = await pagesOf();
            const covered = pages.map((page) => leafPaths(page).filter(([path]) => !unproven(path)));
            await fc.assert(
                fc.property(
                    fc.nat({ max: pages.length - 1 }),
                    fc.nat(),
                    fc.jsonValue(),
                    (pageIndex, pick, replacement) => {
                        const page = pages[pageIndex]!;
                        const [path, value] = covered[pageIndex]![pick % covered[pageIndex]!.length]!;
                        fc.pre(JSON.stringify(replacement) !== JSON.stringify(value));
                        expect(checkTapePage(withValueAt(page, path, replacement), anchorOf(loans), sha256).ok).toBe(
                            false,
                        );
                    },
                ),
                { numRuns: 400 },
            );
            const page = pages[0]!;
            const anchor = anchorOf(loans);
            for (const other of [
                { ...anchor, tapeRoot: AbsDriver.tapeRootOf(loans.slice(1)) },
                { ...anchor, tapeSize: loans.length + 1 },
                { ...anchor, dealId: 'DEAL-2026-2' },
                { ...anchor, expectAmounts: false },
            ]) {
                expect(checkTapePage(page, other, sha256).ok).toBe(false);
            }
        });

        it('refuses an export with a page missing, repeated or out of order', async () => {
            const abs = await dealWithTape(loans, [500]);
            const pages = await exportAll(abs, 128);
            expect(checkTapeExport(pages, anchorOf(loans), sha256).ok).toBe(true);
            for (const broken of [
                pages.slice(0, -1),
                pages.slice(1),
                [pages[0]!, pages[0]!, ...pages.slice(1)],
                [pages[1]!, pages[0]!, ...pages.slice(2)],
            ]) {
                expect(checkTapeExport(broken, anchorOf(loans), sha256).ok).toBe(false);
            }
        });
    });

    it('reads the page, its blocks and O(log n) index nodes per page, and never a range', async () => {
        const loans = tapeLoans(9 * TAPE_BLOCK_LEAVES + 5);
        const abs = await dealWithTape(loans, [500]);
        for (const [pageSize, fromIndex] of [
            [128, 0],
            [128, 1024],
            [256, 768],
            [1024, 0],
            [1024, 1024],
        ] as const) {
            const reads = { state: 0, privateData: 0, ranges: 0 };
            const counted = {
                stub: (stub: Context['stub']): Partial<Context['stub']> => ({
                    getState: (key: string) => {
                        reads.state += 1;
                        return stub.getState(key);
                    },
                    getPrivateData: (collection: string, key: string) => {
                        reads.privateData += 1;
                        return stub.getPrivateData(collection, key);
                    },
                    getPrivateDataHash: (collection: string, key: string) => {
                        reads.privateData += 1;
                        return stub.getPrivateDataHash(collection, key);
                    },
                    getStateByRange: () => {
                        reads.ranges += 1;
                        throw new Error('range query');
                    },
                    getStateByPartialCompositeKey: () => {
                        reads.ranges += 1;
                        throw new Error('range query');
                    },
                }),
            };
            const { result } = await abs.call<TapePage>(
                abs.pool,
                'ExportTape',
                { dealId: abs.dealId, pageSize, fromIndex },
                { as: USERS.investor, ...counted },
            );
            const length = result.entries.length;
            const blocks = Math.ceil(length / TAPE_BLOCK_LEAVES);
            // Per loan: its record, and its amounts from this peer's collection plus the other party's hash.
            expect(reads.privateData).toBe(2 * length);
            // Beyond the loans and blocks: the deal, the cut-off, the registry, and at most two index reads a level.
            expect(reads.state).toBeLessThanOrEqual(length + blocks + 2 * Math.ceil(Math.log2(loans.length)) + 8);
            expect(reads.ranges).toBe(0);
        }
    });

    describe('who gets amounts', () => {
        const loans = tapeLoans(150);

        it('gives the issuer and a holder the amounts GetLoanAmounts gives them', async () => {
            const abs = await dealWithTape(loans);
            for (const caller of [USERS.bank, USERS.investor]) {
                const page = await exportPage(abs, { pageSize: 128, fromIndex: 128 }, caller);
                for (const entry of page.entries) {
                    const { result } = await abs.call<{ amounts: unknown }>(
                        abs.pool,
                        'GetLoanAmounts',
                        { dealId: abs.dealId, loanId: entry.loan.loanId },
                        { as: caller },
                    );
                    expect(entry.amounts).toEqual(result.amounts);
                }
            }
        });

        it.each([MORE_USERS.bank2, USERS.platform, USERS.notary, USERS.court])(
            'refuses the tape, amounts or not, to $mspId, which is no party of the deal',
            async (caller) => {
                const abs = await dealWithTape(loans);
                for (const withAmounts of [true, false]) {
                    const refusal = await abs.refusal(() => exportPage(abs, { withAmounts }, caller));
                    expect(['ABS_NOT_DEAL_PARTY', 'ACCESS_DENIED']).toContain(refusal.code);
                }
            },
        );

        it('tells a party on a peer without the private copy to read elsewhere, and answers it without amounts', async () => {
            const abs = await dealWithTape(loans);
            const noCopy = { stub: (): Partial<Context['stub']> => ({ getMspID: () => 'NotaryMSP' }) };
            const call = (withAmounts: boolean): Promise<unknown> =>
                abs.call(
                    abs.pool,
                    'ExportTape',
                    { dealId: abs.dealId, withAmounts },
                    { as: USERS.investor, ...noCopy },
                );
            expect(await abs.refusal(() => call(true))).toMatchObject({ code: 'ABS_PRIVATE_DATA_UNAVAILABLE' });
            const page = ((await call(false)) as { result: TapePage }).result;
            expect(page.entries.every((entry) => entry.amounts === undefined)).toBe(true);
            expect(checkTapePage(page, anchorOf(loans, false), sha256).ok).toBe(true);
        });
    });

    describe('refusals', () => {
        const loans = tapeLoans(300);

        it.each([
            [{ pageSize: 100 }, 'pageSize'],
            [{ pageSize: 2048 }, 'pageSize'],
            [{ pageSize: '128' }, 'pageSize'],
            [{ fromIndex: 64, pageSize: 128 }, 'fromIndex'],
            [{ fromIndex: 384, pageSize: 128 }, 'fromIndex'],
            [{ fromIndex: -128 }, 'fromIndex'],
            [{ withAmounts: 'yes' }, 'withAmounts'],
            [{ bookmark: '' }, 'bookmark'],
        ])('refuses %j with INVALID_ARGUMENT naming %s', async (request, field) => {
            const abs = await dealWithTape(loans);
            const refusal = await abs.refusal(() => exportPage(abs, request));
            expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field } });
        });

        it('refuses a tape that is not cut off', async () => {
            const abs = new AbsDriver(absLedger({ startTime: '2026-02-01T08:00:00.000Z' }), USERS.bank);
            await abs.createDeal();
            await abs.addCutOffLoans('tape-0', loans.slice(0, 10));
            expect(await abs.refusal(() => exportPage(abs, {}))).toMatchObject({ code: 'ABS_DEAL_STATE' });
        });

        it('refuses, with a code, a tape whose index blocks do not name their loans', async () => {
            const ledger = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
            const abs = await dealWithTape(loans, [500], ledger);
            await ledger.invoke(
                {
                    async strip(ctx: Context): Promise<string> {
                        for (const key of ledger.keys()) {
                            if (ctx.stub.splitCompositeKey(key).objectType === ABS_OBJECTS.tapeBlock) {
                                const block = JSON.parse(
                                    Buffer.from(await ctx.stub.getState(key)).toString('utf8'),
                                ) as Record<string, unknown>;
                                delete block.loanIds;
                                await ctx.stub.putState(key, Buffer.from(JSON.stringify(block)));
                            }
                        }
                        return '';
                    },
                },
                'strip',
                USERS.bank,
            );
            expect(await abs.refusal(() => exportPage(abs, { pageSize: 128, fromIndex: 128 }))).toMatchObject({
                code: 'ABS_TAPE_NOT_EXPORTABLE',
                details: { block: 1 },
            });
        });
    });
});
