import { MAX_PAGE_SIZE, type ConsentUse } from '@lendledger/domain';
import { ProblemError } from '../errors/problem-error.js';
import { evaluateJson, type LedgerReads } from '../fabric/evaluate-json.js';

/** A grantee's uses in a window, as `Consent:ListUsesByGrantee` takes it. */
export interface GranteeUsesWindow {
    readonly from: string;
    readonly to: string;
    /** Another grantee's uses: only oversight (notary, court, arbitration) may read them; the chaincode decides. */
    readonly grantee?: string;
}

/** One page of `Consent:ListUsesByGrantee`. */
interface UsesPage {
    readonly grantee: string;
    readonly items: readonly ConsentUse[];
    readonly bookmark: string;
}

/** Every use of the window, and whose they are. */
export interface GranteeUses {
    readonly grantee: string;
    readonly uses: readonly ConsentUse[];
}

/**
 * Reads every use of a grantee in `[from, to)`, oldest first, page by page as `identity` (each page at most the
 * chaincode's page size, so no one range query meets the peer's totalQueryLimit), and never more than `maxUses` + 1
 * of them: a window holding more is refused rather than read without bound.
 *
 * @throws {@link ProblemError} RECONCILIATION_TOO_LARGE (422) naming `splitAt` (see {@link tooLarge}). The
 * chaincode's refusals (ACCESS_DENIED for another grantee's uses, INVALID_ARGUMENT for `from` after `to`) pass
 * through.
 */
export async function readGranteeUses(
    reads: LedgerReads,
    identity: string,
    window: GranteeUsesWindow,
    maxUses: number,
): Promise<GranteeUses> {
    const uses: ConsentUse[] = [];
    let bookmark = '';
    let grantee: string;
    do {
        const page = await evaluateJson<UsesPage>(reads, identity, 'Consent:ListUsesByGrantee', {
            ...window,
            pageSize: Math.min(MAX_PAGE_SIZE, maxUses + 1 - uses.length),
            ...(bookmark === '' ? {} : { bookmark }),
        });
        grantee = page.grantee;
        uses.push(...page.items);
        bookmark = page.bookmark;
    } while (bookmark !== '' && uses.length <= maxUses);
    if (uses.length > maxUses) {
        throw tooLarge(grantee, window, uses, maxUses);
    }
    return { grantee, uses };
}

/**
 * The refusal of a window holding more than `maxUses` uses (`uses` are its first `maxUses` + 1, oldest first).
 * `splitAt` is the instant of the first use beyond the bound: `[from, splitAt)` holds the uses before that instant,
 * at most `maxUses`. Uses logged at one instant (a `Consent:UseBatch` logs up to 500 at its transaction's time)
 * cannot be parted by a window, so when more than `maxUses` of them share the earliest instant of the window that
 * holds uses, `[from, splitAt)` would hold none: the refusal then names that `instant` and no `splitAt`, as only a
 * larger `consent.reconciliationMaxUses` reads them.
 */
function tooLarge(
    grantee: string,
    window: GranteeUsesWindow,
    uses: readonly ConsentUse[],
    maxUses: number,
): ProblemError {
    const cut = uses[maxUses]!.time;
    const firstAtCut = uses.findIndex((use) => use.time === cut);
    const fields = { maxUses, from: window.from, to: window.to };
    if (firstAtCut === 0) {
        return new ProblemError(
            'RECONCILIATION_TOO_LARGE',
            `${grantee} logged more than ${maxUses} consent uses at the one instant ${cut}, which no window can part; this gateway's consent.reconciliationMaxUses must be raised to reconcile them`,
            { fields: { ...fields, instant: cut } },
        );
    }
    return new ProblemError(
        'RECONCILIATION_TOO_LARGE',
        `${grantee} logged more than ${maxUses} consent uses in [${window.from}, ${window.to}); reconcile [${window.from}, ${cut}) first, then from ${cut}`,
        { fields: { ...fields, splitAt: cut } },
    );
}
