import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalBytes, type LoanRecord, tapeLeaf, type TapePage, toHex } from '@lendledger/domain';
import { inclusionProof, leafHash, merkleRoot, rootOfLeafHashes, sha256 } from '@lendledger/domain/node';
import { describe, expect, it } from 'vitest';
import { verifyTapeExport, verifyTapePage } from './verify-tape.js';

const DEAL = 'DEAL-2026-1';
const CLI = fileURLToPath(new URL('../../dist/cli/verify-tape.js', import.meta.url));

/** A tape of `size` loans paged at `pageSize`, built as the chaincode builds it (RFC 9162 over tapeLeaf). */
function exportOf(size: number, pageSize: number): { pages: TapePage[]; root: string; originalPrincipal: number } {
    const loans = Array.from({ length: size }, (_, i) => {
        const amounts = {
            dealId: DEAL,
            loanId: `ln_${i}`,
            originalPrincipal: 1000 + i,
            currentPrincipal: 100 + i,
            salt: `salt-${i}`,
        };
        const loan = {
            dealId: DEAL,
            loanId: `ln_${i}`,
            fingerprint: `sha256:${toHex(sha256(new TextEncoder().encode(`row ${i}`)))}`,
            tapeIndex: i,
            acquisition: 'CUT_OFF',
            amountsDigest: `sha256:${toHex(sha256(canonicalBytes(amounts)))}`,
        } as unknown as LoanRecord;
        return { loan, amounts: amounts as never };
    });
    const leaves = loans.map(({ loan }) => tapeLeaf(loan.loanId, loan.fingerprint));
    const root = toHex(merkleRoot(leaves));
    const pageRoots: Uint8Array[] = [];
    for (let from = 0; from < size; from += pageSize) {
        pageRoots.push(rootOfLeafHashes(leaves.slice(from, from + pageSize).map(leafHash)));
    }
    const pages = pageRoots.map((_, k) => ({
        dealId: DEAL,
        tapeRoot: root,
        tapeSize: size,
        pageSize,
        fromIndex: k * pageSize,
        withAmounts: true,
        entries: loans.slice(k * pageSize, (k + 1) * pageSize),
        proof: inclusionProof(pageRoots, k).map(toHex),
        nextIndex: (k + 1) * pageSize < size ? (k + 1) * pageSize : null,
    }));
    const originalPrincipal = loans.reduce(
        (sum, { amounts }) => sum + (amounts as { originalPrincipal: number }).originalPrincipal,
        0,
    );
    return { pages, root, originalPrincipal };
}

describe('verifyTapePage and verifyTapeExport (browser hash)', () => {
    it('accept the pages of a tape whose root is the RFC 9162 root of its leaves, at every page size', () => {
        for (const [size, pageSize] of [
            [1, 128],
            [300, 128],
            [300, 256],
            [1025, 512],
            [1025, 1024],
        ] as const) {
            const { pages, root } = exportOf(size, pageSize);
            const anchor = { dealId: DEAL, tapeRoot: root, tapeSize: size, expectAmounts: true };
            expect(pages.map((page) => verifyTapePage(page, anchor).ok)).toEqual(pages.map(() => true));
            expect(verifyTapeExport(pages, anchor)).toEqual({
                ok: true,
                failures: [],
                amountsProved: false,
                originalPrincipalChecked: false,
            });
        }
    });

    it('refuse a page with a loan replaced, or amounts inconsistent with their digest', () => {
        const { pages, root } = exportOf(300, 128);
        const anchor = { dealId: DEAL, tapeRoot: root, tapeSize: 300 };
        const page = pages[1]!;
        const entry = page.entries[5]!;
        const replaced = {
            ...page,
            entries: page.entries.map((e, i) => (i === 5 ? { ...e, loan: { ...e.loan, loanId: 'ln_x' } } : e)),
        };
        const richer = {
            ...page,
            entries: page.entries.map((e, i) =>
                i === 5 ? { ...e, amounts: { ...entry.amounts!, currentPrincipal: 1 } } : e,
            ),
        };
        expect(verifyTapePage(replaced, anchor).failures.map((f) => f.code)).toContain('TAPE_PAGE_AMOUNTS');
        expect(
            verifyTapePage(
                { ...replaced, entries: replaced.entries.map(({ loan }) => ({ loan })), withAmounts: false },
                anchor,
            ).failures,
        ).toMatchObject([{ code: 'TAPE_PAGE_PROOF' }]);
        expect(verifyTapePage(richer, anchor).failures).toMatchObject([{ code: 'TAPE_PAGE_AMOUNTS', entry: 5 }]);
    });

    it('pass a principal rewritten with its digest as unproven, and refuse it against the cut-off total', () => {
        const { pages, root, originalPrincipal } = exportOf(300, 128);
        const anchor = { dealId: DEAL, tapeRoot: root, tapeSize: 300 };
        const rewritten = rewriteOriginalPrincipal(pages, 1, 5);
        expect(verifyTapePage(rewritten[1]!, anchor)).toEqual({ ok: true, failures: [], amountsProved: false });
        expect(verifyTapeExport(rewritten, { ...anchor, originalPrincipal }).failures).toMatchObject([
            { code: 'TAPE_EXPORT_TOTAL' },
        ]);
        expect(verifyTapeExport(pages, { ...anchor, originalPrincipal })).toMatchObject({
            ok: true,
            amountsProved: false,
            originalPrincipalChecked: true,
        });
    });

    it('lendledger-verify-tape exits 0 for a whole export, 1 for a broken one, 2 without the tape root', () => {
        const { pages, root } = exportOf(300, 128);
        const dir = mkdtempSync(join(tmpdir(), 'verify-tape-'));
        const good = join(dir, 'pages.json');
        const broken = join(dir, 'broken.json');
        writeFileSync(good, JSON.stringify(pages));
        writeFileSync(broken, JSON.stringify(pages.slice(1)));
        const run = (...args: string[]): number | null =>
            spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' }).status;
        const trusted = ['--deal', DEAL, '--root', root, '--size', '300', '--complete', '--amounts'];
        expect(run(good, ...trusted)).toBe(0);
        expect(run(broken, ...trusted)).toBe(1);
        expect(run(good, '--deal', DEAL, '--size', '300')).toBe(2);
    });

    it('lendledger-verify-tape says the amounts are unproven, and refuses an export off the cut-off total', () => {
        const { pages, root, originalPrincipal } = exportOf(300, 128);
        const dir = mkdtempSync(join(tmpdir(), 'verify-tape-'));
        const good = join(dir, 'pages.json');
        const rewritten = join(dir, 'rewritten.json');
        writeFileSync(good, JSON.stringify(pages));
        writeFileSync(rewritten, JSON.stringify(rewriteOriginalPrincipal(pages, 2, 0)));
        const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
        const trusted = ['--deal', DEAL, '--root', root, '--size', '300', '--complete', '--amounts'];
        const total = ['--original-principal', String(originalPrincipal)];

        const plain = run(good, ...trusted);
        expect(plain.status).toBe(0);
        expect(plain.stdout).toMatch(/amounts: UNPROVEN, as the answering peer gave them/);
        expect(plain.stdout).toMatch(/no total checked/);
        const checked = run(good, ...trusted, ...total);
        expect(checked.status).toBe(0);
        expect(checked.stdout).toMatch(/amounts: UNPROVEN.*original principals sum to the cut-off record's total/);
        const json = run(good, ...trusted, ...total, '--json');
        expect(JSON.parse(json.stdout)).toMatchObject({
            ok: true,
            amountsProved: false,
            originalPrincipalChecked: true,
        });

        // The rewritten export passes without the total (the documented limit), and fails with it.
        expect(run(rewritten, ...trusted).status).toBe(0);
        const refused = run(rewritten, ...trusted, ...total);
        expect(refused.status).toBe(1);
        expect(refused.stdout).toMatch(/TAPE_EXPORT_TOTAL/);
        expect(run(good, '--deal', DEAL, '--root', root, '--size', '300', ...total).status).toBe(2);
    });
});

/** The export with one loan's original principal raised by 1 and its amountsDigest recomputed, as a relay could. */
function rewriteOriginalPrincipal(pages: readonly TapePage[], pageIndex: number, entryIndex: number): TapePage[] {
    return pages.map((page, k) =>
        k !== pageIndex
            ? page
            : {
                  ...page,
                  entries: page.entries.map((entry, i) => {
                      if (i !== entryIndex) {
                          return entry;
                      }
                      const amounts = { ...entry.amounts!, originalPrincipal: entry.amounts!.originalPrincipal + 1 };
                      const amountsDigest = `sha256:${toHex(sha256(canonicalBytes(amounts)))}`;
                      return { loan: { ...entry.loan, amountsDigest }, amounts };
                  }),
              },
    );
}
