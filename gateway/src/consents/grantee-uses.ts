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
 * @throws {@link ProblemError} RECONCILIATION_TOO_LARGE (422) naming `splitAt`, the time of the first use beyond the
 * bound: `[from, splitAt)` holds at most `maxUses` uses. The chaincode's refusals (ACCESS_DENIED for another
 * grantee's uses, INVALID_ARGUMENT for `from` after `to`) pass through.
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
        const splitAt = uses[maxUses]!.time;
        throw new ProblemError(
            'RECONCILIATION_TOO_LARGE',
            `${grantee} logged more than ${maxUses} consent uses in [${window.from}, ${window.to}); reconcile [${window.from}, ${splitAt}) first, then from ${splitAt}`,
            { fields: { maxUses, from: window.from, to: window.to, splitAt } },
        );
    }
    return { grantee, uses };
}
