import { type LoanRecord, MAX_PERIOD_NO } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf, readPage } from '../../core/page-reader.js';
import { integer, parseRequest } from '../../core/request-fields.js';
import { ABS_DEAL_ROLES, readDealAsParty, requireIssuerRole } from '../access.js';
import { requireRole } from '../../membership/member-access.js';
import { dealIdOf, loanIdOf } from '../fields.js';
import { ABS_OBJECTS } from '../keys.js';
import { addCutOffLoans, parseAddCutOffLoans } from './add-cut-off-loans.js';
import { cutOffPool, parseCutOffPool } from './cut-off-pool.js';
import { exportTape, parseExportTape } from './export-tape.js';
import { loanAmountsView, loanView, poolView, tapeProof } from './pool-queries.js';
import { poolRootConsistency, readPoolRoot } from './pool-roots.js';
import { parsePurchaseLoans, purchaseLoans } from './purchase-loans.js';

/**
 * ABS pools: the cut-off tape (loans in batches, amounts in the transient field `loans`), the cut-off, loans
 * bought later, and reads. Request and response shapes: chaincode/docs/abs-api.md.
 */
@Info({ title: 'AbsPool', description: 'ABS pool cut-off tape, purchases and loan reads' })
export class AbsPoolContract extends LedgerContract {
    constructor() {
        super('AbsPool');
    }

    /** Adds a batch of loans to the cut-off tape. Issuer only; amounts in transient `loans`. */
    @Transaction()
    @Returns('string')
    async AddCutOffLoans(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'add loans to an ABS pool');
        return result(
            await addCutOffLoans(
                ctx,
                parseRequest(request, (fields) => parseAddCutOffLoans(ctx, fields)),
            ),
        );
    }

    /** Fixes the tape's Merkle root and moves the deal to CUT_OFF. Issuer only. */
    @Transaction()
    @Returns('string')
    async CutOffPool(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'cut off an ABS pool');
        return result(await cutOffPool(ctx, parseRequest(request, parseCutOffPool)));
    }

    /** Adds revolving purchases or substitutes in the open period. Issuer only; amounts in transient `loans`. */
    @Transaction()
    @Returns('string')
    async PurchaseLoans(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'buy loans into an ABS pool');
        return result(
            await purchaseLoans(
                ctx,
                parseRequest(request, (fields) => parsePurchaseLoans(ctx, fields)),
            ),
        );
    }

    /** Reads a pool and its cut-off snapshot. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async GetPool(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS pool');
        const deal = await readDealAsParty(ctx, parseRequest(request, dealIdOf), 'read an ABS pool');
        return result(await poolView(ctx, deal.dealId));
    }

    /** Lists a pool's loans (public fields and fingerprints) in loan-ID order. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async ListLoans(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'list ABS loans');
        const [dealId, page] = parseRequest(request, (fields) => [dealIdOf(fields), pageRequestOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'list ABS loans');
        return result(await readPage<LoanRecord>(ctx, { objectType: ABS_OBJECTS.loan, attributes: [dealId] }, page));
    }

    /** Reads a loan with its period rows, events and history. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async GetLoan(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS loan');
        const [dealId, second] = parseRequest(request, (fields) => [dealIdOf(fields), loanIdOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'read an ABS loan');
        return result(await loanView(ctx, dealId, second));
    }

    /** Reads a loan's private amounts and row amounts (the deal's issuer and holders, from their own peer's copy). */
    @Transaction(false)
    @Returns('string')
    async GetLoanAmounts(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read ABS loan amounts');
        const [dealId, second] = parseRequest(request, (fields) => [dealIdOf(fields), loanIdOf(fields)] as const);
        const deal = await readDealAsParty(ctx, dealId, 'read ABS loan amounts');
        return result(await loanAmountsView(ctx, deal, second));
    }

    /** Answers the RFC 9162 inclusion proof of a cut-off loan in the tape. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async GetLoanProof(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS tape proof');
        const [dealId, second] = parseRequest(request, (fields) => [dealIdOf(fields), loanIdOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'read an ABS tape proof');
        return result(await tapeProof(ctx, dealId, second));
    }

    /**
     * Answers one page of the cut-off tape in tape order with its proof against the tape root, and the loans'
     * private amounts unless `withAmounts` is false. The deal's issuer and holders, from their own peer's copy.
     */
    @Transaction(false)
    @Returns('string')
    async ExportTape(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'export an ABS tape');
        const parsed = parseRequest(request, parseExportTape);
        const deal = await readDealAsParty(ctx, parsed.dealId, 'export an ABS tape');
        return result(await exportTape(ctx, deal, parsed));
    }

    /**
     * Reads the pool root of a period: the size and root of the pool's log at its close (period 0: the cut-off
     * tape). The deal's issuer and holders.
     */
    @Transaction(false)
    @Returns('string')
    async GetPoolRoot(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS pool root');
        const [dealId, periodNo] = parseRequest(
            request,
            (fields) => [dealIdOf(fields), integer(fields, 'periodNo', { min: 0, max: MAX_PERIOD_NO })] as const,
        );
        await readDealAsParty(ctx, dealId, 'read an ABS pool root');
        return result({ dealId, ...(await readPoolRoot(ctx, dealId, periodNo)) });
    }

    /**
     * Answers the RFC 9162 consistency proof from the pool root of `fromPeriod` to that of `toPeriod` (0 = cut-off).
     * The deal's issuer and holders.
     */
    @Transaction(false)
    @Returns('string')
    async GetPoolRootConsistency(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS pool-root consistency proof');
        const [dealId, fromPeriod, toPeriod] = parseRequest(request, (fields) => {
            const from = integer(fields, 'fromPeriod', { min: 0, max: MAX_PERIOD_NO });
            return [dealIdOf(fields), from, integer(fields, 'toPeriod', { min: from, max: MAX_PERIOD_NO })] as const;
        });
        await readDealAsParty(ctx, dealId, 'read an ABS pool-root consistency proof');
        return result(await poolRootConsistency(ctx, dealId, fromPeriod, toPeriod));
    }
}
