import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { canonicalBytes } from '../canonical-json.js';
import { inclusionProof, leafHash, merkleRoot, rootOfLeafHashes } from '../node/merkle.js';
import { sha256 } from '../node/sha256.js';
import { type LoanAmountsRecord, type LoanRecord } from './loan.js';
import { tapeLeaf } from './tape.js';
import { TAPE_PAGE_SIZES, type TapePage } from './tape-page.js';
import { checkTapeExport, checkTapePage, type TapeAnchor, TAPE_PAGE_UNPROVEN_LOAN_FIELDS } from './tape-page-check.js';

/**
 * The tape root covers each loan's `{fingerprint, loanId}` only. These properties pin what that means for amounts:
 * a relay that changes an amount and recomputes `amountsDigest` passes every page check, so no result may ever
 * call the amounts proved; the cut-off total is the one trusted figure that catches a change of original principal.
 */

const DEAL = 'DEAL-2026-1';

/** The amount fields of a loan's private record: every one a relay could rewrite. */
const AMOUNT_FIELDS = [
    'originalPrincipal',
    'currentPrincipal',
    'defaultedPrincipal',
    'chargedOffPrincipal',
    'recoveredAmount',
] as const satisfies readonly (keyof LoanAmountsRecord)[];

function digestOf(amounts: LoanAmountsRecord): string {
    return `sha256:${toHex(sha256(canonicalBytes(amounts)))}`;
}

interface Tape {
    readonly pages: TapePage[];
    readonly anchor: TapeAnchor;
}

/** A cut-off tape of the given original principals paged at `pageSize`, built and proved as the chaincode does. */
function tapeOf(originals: readonly number[], pageSize: number): Tape {
    const entries = originals.map((originalPrincipal, i) => {
        const amounts: LoanAmountsRecord = {
            dealId: DEAL,
            loanId: `ln_${i}`,
            originalPrincipal,
            currentPrincipal: Math.floor(originalPrincipal / 2),
            defaultedPrincipal: 0,
            chargedOffPrincipal: 0,
            recoveredAmount: 0,
            salt: `salt-${i}`,
        };
        const loan = {
            dealId: DEAL,
            loanId: `ln_${i}`,
            fingerprint: `sha256:${toHex(sha256(new TextEncoder().encode(`row ${i}`)))}`,
            tapeIndex: i,
            acquisition: 'CUT_OFF',
            amountsDigest: digestOf(amounts),
        } as unknown as LoanRecord;
        return { loan, amounts };
    });
    const leaves = entries.map(({ loan }) => tapeLeaf(loan.loanId, loan.fingerprint));
    const size = originals.length;
    const pageRoots: Uint8Array[] = [];
    for (let from = 0; from < size; from += pageSize) {
        pageRoots.push(rootOfLeafHashes(leaves.slice(from, from + pageSize).map(leafHash)));
    }
    const tapeRoot = toHex(merkleRoot(leaves));
    const pages = pageRoots.map((_, k) => ({
        dealId: DEAL,
        tapeRoot,
        tapeSize: size,
        pageSize,
        fromIndex: k * pageSize,
        withAmounts: true,
        entries: entries.slice(k * pageSize, (k + 1) * pageSize),
        proof: inclusionProof(pageRoots, k).map(toHex),
        nextIndex: (k + 1) * pageSize < size ? (k + 1) * pageSize : null,
    }));
    const originalPrincipal = originals.reduce((sum, value) => sum + value, 0);
    return { pages, anchor: { dealId: DEAL, tapeRoot, tapeSize: size, expectAmounts: true, originalPrincipal } };
}

/** The pages with one loan's amount set to `value` and its `amountsDigest` recomputed, as a relay would. */
function rewritten(pages: readonly TapePage[], at: number, field: (typeof AMOUNT_FIELDS)[number], value: number) {
    const pageSize = pages[0]!.pageSize;
    const pageIndex = Math.floor(at / pageSize);
    const copy = structuredClone(pages) as TapePage[];
    const page = copy[pageIndex]!;
    const entry = page.entries[at % pageSize]!;
    const amounts = { ...entry.amounts!, [field]: value };
    const entries = [...page.entries];
    entries[at % pageSize] = { loan: { ...entry.loan, amountsDigest: digestOf(amounts) }, amounts };
    copy[pageIndex] = { ...page, entries };
    return { pages: copy, pageIndex };
}

const tapes = fc
    .record({
        originals: fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 700 }),
        pageSize: fc.constantFrom(...TAPE_PAGE_SIZES),
    })
    .map(({ originals, pageSize }) => tapeOf(originals, pageSize));

const rewrites = fc.record({
    pick: fc.nat(),
    field: fc.constantFrom(...AMOUNT_FIELDS),
    value: fc.integer({ min: 0, max: 20_000_000 }),
});

describe('checkTapePage and checkTapeExport: amounts are never proved by the tape root', () => {
    it('list amountsDigest among the fields the root does not cover', () => {
        expect(TAPE_PAGE_UNPROVEN_LOAN_FIELDS).toContain('amountsDigest');
    });

    it('never report amounts proved, even for an amount rewritten with its digest that every page check passes', () => {
        fc.assert(
            fc.property(tapes, rewrites, ({ pages, anchor }, { pick, field, value }) => {
                const at = pick % anchor.tapeSize;
                const before = pages[Math.floor(at / pages[0]!.pageSize)]!.entries[at % pages[0]!.pageSize]!;
                fc.pre(before.amounts![field] !== value);
                const { pages: changed, pageIndex } = rewritten(pages, at, field, value);
                const page = checkTapePage(changed[pageIndex]!, anchor, sha256);
                // The documented limit: the page is consistent and its loans are the tape's, so it passes...
                expect(page).toEqual({ ok: true, failures: [], amountsProved: false });
                // ...and a whole export without the trusted total passes too, never calling the amounts proved.
                const withoutTotal = { dealId: DEAL, tapeRoot: anchor.tapeRoot, tapeSize: anchor.tapeSize };
                expect(checkTapeExport(changed, withoutTotal, sha256)).toEqual({
                    ok: true,
                    failures: [],
                    amountsProved: false,
                    originalPrincipalChecked: false,
                });
            }),
            { numRuns: 60 },
        );
    });

    it('refuse a complete export whose original principals no longer sum to the cut-off total, and only that', () => {
        fc.assert(
            fc.property(tapes, rewrites, ({ pages, anchor }, { pick, field, value }) => {
                const at = pick % anchor.tapeSize;
                const before = pages[Math.floor(at / pages[0]!.pageSize)]!.entries[at % pages[0]!.pageSize]!;
                fc.pre(before.amounts![field] !== value);
                const result = checkTapeExport(rewritten(pages, at, field, value).pages, anchor, sha256);
                expect(result.amountsProved).toBe(false);
                expect(result.originalPrincipalChecked).toBe(true);
                expect(result.failures.map((failure) => failure.code)).toEqual(
                    field === 'originalPrincipal' ? ['TAPE_EXPORT_TOTAL'] : [],
                );
            }),
            { numRuns: 60 },
        );
    });

    it('accept an untouched complete export against its cut-off total, and refuse it against any other total', () => {
        fc.assert(
            fc.property(tapes, fc.integer({ min: -1_000_000, max: 1_000_000 }), ({ pages, anchor }, delta) => {
                expect(checkTapeExport(pages, anchor, sha256)).toEqual({
                    ok: true,
                    failures: [],
                    amountsProved: false,
                    originalPrincipalChecked: true,
                });
                fc.pre(delta !== 0);
                const other = { ...anchor, originalPrincipal: anchor.originalPrincipal! + delta };
                expect(checkTapeExport(pages, other, sha256).failures).toMatchObject([{ code: 'TAPE_EXPORT_TOTAL' }]);
            }),
            { numRuns: 40 },
        );
    });

    it('refuse the total check of an export without amounts rather than pass it', () => {
        const { pages, anchor } = tapeOf([100, 200, 300], 128);
        const bare = pages.map((page) => ({
            ...page,
            withAmounts: false,
            entries: page.entries.map(({ loan }) => ({ loan })),
        }));
        const anchorWithTotal = { ...anchor, expectAmounts: false };
        expect(checkTapeExport(bare, anchorWithTotal, sha256).failures).toMatchObject([
            { code: 'TAPE_EXPORT_TOTAL', message: 'a loan of the export carries no original principal to total' },
        ]);
    });
});
