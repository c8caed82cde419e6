import { canonicalJson, dealParties } from '@lendledger/domain';
import { Type } from 'typebox';
import {
    ledgerRoute,
    mergedRequest,
    type CallArguments,
    type CallContext,
    type LedgerRoute,
    type RouteInput,
} from '../ledger-route.js';
import {
    AcknowledgeReport,
    AcknowledgementRecord,
    AddCutOffLoans,
    CashReportRecord,
    ClosePeriod,
    CreateDeal,
    CutOffPool,
    CutOffRecord,
    DealId,
    DealRecord,
    LoanAmountsView,
    LoanId,
    LoanProof,
    LoanRecord,
    LoanView,
    MetricsSeries,
    OpenPeriod,
    PeriodNo,
    PeriodRecord,
    PeriodUpdatesResult,
    PeriodView,
    PoolPeriodNo,
    PoolRootConsistency,
    PoolRootRecord,
    PoolView,
    PostPeriodUpdates,
    PurchaseLoans,
    PurchaseResult,
    SetInvestors,
    SubmitCashReport,
    TapeBatchResult,
    TapePage,
    TapePageQuery,
    TransitionDeal,
    WaterfallRecord,
} from '../schemas/abs.js';
import { closed, Open, Page, PageOnly } from '../schemas/common.js';

/** The transient-map key under which the ABS chaincode reads loan-level amounts (chaincode/docs/abs-api.md). */
const TRANSIENT_LOANS_KEY = 'loans';

const DealParams = closed({ dealId: DealId });
const LoanParams = closed({ dealId: DealId, loanId: LoanId });
const PeriodParams = closed({ dealId: DealId, periodNo: PeriodNo });
const DEALS = '/v1/abs/deals';
const TAGS = ['abs'];

/** The deal's parties, as `AbsDeal:GetDeal` answers them. */
interface DealAudience {
    readonly issuerMspId: string;
    readonly investors: readonly string[];
}

/**
 * The organisations whose peers endorse a deal's private write: its issuer and every holder, read from the deal as
 * the caller. Each keeps its copy of the amounts in its own implicit collection, which only its own endorsement
 * fills; no other organisation's peer receives the transient amounts (chaincode/src/abs/private-data.ts).
 */
async function dealEndorsers(context: CallContext, dealId: string): Promise<string[]> {
    return dealParties(await context.readJson<DealAudience>('AbsDeal:GetDeal', { dealId }));
}

/**
 * A write that reads or writes a deal's private amounts, or changes who must endorse them: endorsed by the deal's
 * parties only. The chaincode's deal guard (chaincode/src/abs/deals/deal-guard.ts) makes Fabric refuse such a write
 * that any party's peer did not endorse; Fabric's discovery does not see key-level policies, hence the named list.
 */
async function privateCall(
    input: RouteInput<{ readonly dealId: string }>,
    context: CallContext,
): Promise<CallArguments> {
    return {
        args: [canonicalJson(mergedRequest(input))],
        endorsingOrganizations: await dealEndorsers(context, input.params.dealId),
    };
}

/**
 * A private write whose body's `amounts` leave the request argument (which every channel member sees in the block)
 * for the transient field `loans` (which never reaches the block).
 */
async function privateCallWithAmounts(
    input: RouteInput<{ readonly dealId: string }, unknown, { readonly amounts: readonly unknown[] }>,
    context: CallContext,
): Promise<CallArguments> {
    const { amounts, ...request } = input.body;
    return {
        args: [canonicalJson(mergedRequest({ ...input, body: request }))],
        transient: { [TRANSIENT_LOANS_KEY]: canonicalJson(amounts) },
        endorsingOrganizations: await dealEndorsers(context, input.params.dealId),
    };
}

/**
 * Asset-backed securitisation (`AbsDeal:*`, `AbsPool:*`, `AbsReport:*`): deals, their pools and collection
 * periods, for each deal's issuer and holders. Loan-level amounts travel only as transient data to the deal's
 * parties' peers.
 */
export const ABS_ROUTES: readonly LedgerRoute[] = Object.freeze([
    {
        method: 'POST',
        url: DEALS,
        operationId: 'createAbsDeal',
        summary: 'Structure a deal (issuer); its pool opens empty',
        tags: TAGS,
        transaction: 'AbsDeal:CreateDeal',
        mode: 'submit',
        schema: { body: CreateDeal, result: DealRecord },
    },
    {
        method: 'GET',
        url: DEALS,
        operationId: 'listAbsDeals',
        summary: 'One page of deals in identifier order',
        tags: TAGS,
        transaction: 'AbsDeal:ListDeals',
        mode: 'evaluate',
        schema: { querystring: PageOnly, result: Page(DealRecord) },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId`,
        operationId: 'getAbsDeal',
        summary: 'A deal with its status history',
        tags: TAGS,
        transaction: 'AbsDeal:GetDeal',
        mode: 'evaluate',
        schema: { params: DealParams, result: DealRecord },
    },
    {
        method: 'POST',
        url: `${DEALS}/:dealId/transitions`,
        operationId: 'transitionAbsDeal',
        summary: "Move a deal along one of the issuer's edges of its state machine",
        description: 'The cut-off and early amortisation are taken by `cut-off` and a period close, not here.',
        tags: TAGS,
        transaction: 'AbsDeal:TransitionDeal',
        mode: 'submit',
        schema: { params: DealParams, body: TransitionDeal, result: DealRecord },
    },
    {
        method: 'PUT',
        url: `${DEALS}/:dealId/investors`,
        operationId: 'setAbsInvestors',
        summary: "Replace a deal's holders (issuer)",
        description:
            'A holder may leave at any time; one joins only while the pool holds no loans, since its peer ' +
            'receives the private amounts by endorsing the writes that make them. The change is endorsed by the ' +
            "issuer and every current holder (a leaving one included): the deal's guard policy requires them.",
        tags: TAGS,
        transaction: 'AbsDeal:SetInvestors',
        mode: 'submit',
        schema: { params: DealParams, body: SetInvestors, result: DealRecord },
        call: privateCall,
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool`,
        operationId: 'getAbsPool',
        summary: "A deal's pool and, once cut off, its cut-off snapshot",
        tags: TAGS,
        transaction: 'AbsPool:GetPool',
        mode: 'evaluate',
        schema: { params: DealParams, result: PoolView },
    },
    ledgerRoute({
        method: 'POST',
        url: `${DEALS}/:dealId/pool/tape-batches`,
        operationId: 'addAbsCutOffLoans',
        summary: 'Add a batch of loans to the cut-off tape (issuer)',
        description:
            'Submit tape batches one after another. `amounts` go to the chaincode as transient data and are ' +
            "endorsed only by the deal's issuer and holders.",
        tags: TAGS,
        transaction: 'AbsPool:AddCutOffLoans',
        mode: 'submit',
        schema: { params: DealParams, body: AddCutOffLoans, result: TapeBatchResult },
        call: privateCallWithAmounts,
    }),
    ledgerRoute({
        method: 'POST',
        url: `${DEALS}/:dealId/pool/cut-off`,
        operationId: 'cutOffAbsPool',
        summary: "Fix the tape's Merkle root and move the deal to CUT_OFF (issuer)",
        tags: TAGS,
        transaction: 'AbsPool:CutOffPool',
        mode: 'submit',
        schema: { params: DealParams, body: CutOffPool, result: CutOffRecord },
        call: privateCall,
    }),
    ledgerRoute({
        method: 'POST',
        url: `${DEALS}/:dealId/pool/purchases`,
        operationId: 'purchaseAbsLoans',
        summary: 'Buy revolving loans or substitutes into the pool in the open period (issuer)',
        tags: TAGS,
        transaction: 'AbsPool:PurchaseLoans',
        mode: 'submit',
        schema: { params: DealParams, body: PurchaseLoans, result: PurchaseResult },
        call: privateCallWithAmounts,
    }),
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/loans`,
        operationId: 'listAbsLoans',
        summary: "One page of a pool's loans (public fields) in loan-ID order",
        tags: TAGS,
        transaction: 'AbsPool:ListLoans',
        mode: 'evaluate',
        schema: { params: DealParams, querystring: PageOnly, result: Page(LoanRecord) },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/loans/:loanId`,
        operationId: 'getAbsLoan',
        summary: 'A pool loan with its period rows, events and history',
        tags: TAGS,
        transaction: 'AbsPool:GetLoan',
        mode: 'evaluate',
        schema: { params: LoanParams, result: LoanView },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/loans/:loanId/amounts`,
        operationId: 'getAbsLoanAmounts',
        summary: "A loan's private amounts, read from this organisation's peer",
        description: "Only the peers of the deal's issuer and holders hold them, each its own copy.",
        tags: TAGS,
        transaction: 'AbsPool:GetLoanAmounts',
        mode: 'evaluate',
        schema: { params: LoanParams, result: LoanAmountsView },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/loans/:loanId/proof`,
        operationId: 'getAbsLoanProof',
        summary: 'Inclusion proof of a cut-off loan in the tape',
        tags: TAGS,
        transaction: 'AbsPool:GetLoanProof',
        mode: 'evaluate',
        schema: { params: LoanParams, result: LoanProof },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/tape`,
        operationId: 'exportAbsTape',
        summary: 'One page of the cut-off tape in tape order, with its proof against the tape root and the amounts',
        description:
            'Pass `nextIndex` back as `fromIndex` for the next page. Each page verifies offline against ' +
            '`cutOff.tapeRoot` of the pool (`verifyTapePage` of @lendledger/verifier); amounts come from this ' +
            "organisation's peer.",
        tags: TAGS,
        transaction: 'AbsPool:ExportTape',
        mode: 'evaluate',
        schema: { params: DealParams, querystring: TapePageQuery, result: TapePage },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/roots/:periodNo`,
        operationId: 'getAbsPoolRoot',
        summary: "A period's pool root: size and root of the pool's log at its close (0: the cut-off tape)",
        description:
            'The trusted anchor of `lendledger-verify-pool-root`: read it from your own gateway. 404 ' +
            '`ABS_POOL_ROOT_NOT_FOUND` for a period not closed, or closed before pool roots were recorded.',
        tags: TAGS,
        transaction: 'AbsPool:GetPoolRoot',
        mode: 'evaluate',
        schema: { params: closed({ dealId: DealId, periodNo: PoolPeriodNo }), result: PoolRootRecord },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/pool/consistency`,
        operationId: 'getAbsPoolRootConsistency',
        summary: "RFC 9162 consistency proof between two periods' pool roots",
        description:
            'Proves offline (`verifyPoolRootConsistency` of @lendledger/verifier, `lendledger-verify-pool-root`) that ' +
            'the pool at `toPeriod` extends the pool at `fromPeriod` by appended loans only. `toPeriod` before ' +
            '`fromPeriod`: 400 `INVALID_ARGUMENT`; a period without a root: 404 `ABS_POOL_ROOT_NOT_FOUND`.',
        tags: TAGS,
        transaction: 'AbsPool:GetPoolRootConsistency',
        mode: 'evaluate',
        schema: {
            params: DealParams,
            querystring: closed({ fromPeriod: PoolPeriodNo, toPeriod: PoolPeriodNo }),
            result: PoolRootConsistency,
        },
    },
    {
        method: 'POST',
        url: `${DEALS}/:dealId/periods`,
        operationId: 'openAbsPeriod',
        summary: 'Open the next collection period (issuer)',
        tags: TAGS,
        transaction: 'AbsReport:OpenPeriod',
        mode: 'submit',
        schema: { params: DealParams, body: OpenPeriod, result: PeriodRecord },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/periods`,
        operationId: 'listAbsPeriods',
        summary: "One page of a deal's periods, with their reports, in period order",
        tags: TAGS,
        transaction: 'AbsReport:ListPeriodReports',
        mode: 'evaluate',
        schema: { params: DealParams, querystring: PageOnly, result: Page(PeriodRecord) },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/periods/:periodNo`,
        operationId: 'getAbsPeriodReport',
        summary: 'A period, its report once closed, and the digest an investor acknowledges',
        tags: TAGS,
        transaction: 'AbsReport:GetPeriodReport',
        mode: 'evaluate',
        schema: { params: PeriodParams, result: PeriodView },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/periods/:periodNo/waterfall`,
        operationId: 'getAbsPeriodWaterfall',
        summary: "A closed period's payment waterfall: fees, each tranche's interest, principal and balance",
        tags: TAGS,
        transaction: 'AbsReport:GetPeriodWaterfall',
        mode: 'evaluate',
        schema: { params: PeriodParams, result: WaterfallRecord },
    },
    ledgerRoute({
        method: 'POST',
        url: `${DEALS}/:dealId/periods/:periodNo/row-batches`,
        operationId: 'postAbsPeriodUpdates',
        summary: 'Post a batch of loan-level period rows (issuer)',
        description:
            "`amounts` go to the chaincode as transient data and are endorsed only by the deal's issuer and holders.",
        tags: TAGS,
        transaction: 'AbsReport:PostPeriodUpdates',
        mode: 'submit',
        schema: { params: PeriodParams, body: PostPeriodUpdates, result: PeriodUpdatesResult },
        call: privateCallWithAmounts,
    }),
    ledgerRoute({
        method: 'POST',
        url: `${DEALS}/:dealId/periods/:periodNo/close`,
        operationId: 'closeAbsPeriod',
        summary: 'Close a period: roll-forward, metrics, triggers and the payment waterfall (issuer)',
        tags: TAGS,
        transaction: 'AbsReport:ClosePeriod',
        mode: 'submit',
        schema: { params: PeriodParams, body: ClosePeriod, result: PeriodRecord },
        call: privateCall,
    }),
    {
        method: 'PUT',
        url: `${DEALS}/:dealId/periods/:periodNo/cash-report`,
        operationId: 'submitAbsCashReport',
        summary: "Report the cash the deal's account received in an open period (the deal's account bank)",
        description:
            "Submitted under the account bank's own identity at its own gateway. Replaces an earlier report until " +
            'the period closes (409 `ABS_PERIOD_CLOSED` after); any other member: 403 `ABS_NOT_ACCOUNT_BANK` or ' +
            '`ACCESS_DENIED`. The close refuses with 422 `ABS_COLLECTIONS_UNRECONCILED` until the figures equal the ' +
            "servicer's collections.",
        tags: TAGS,
        transaction: 'AbsReport:SubmitCashReport',
        mode: 'submit',
        schema: { params: PeriodParams, body: SubmitCashReport, result: CashReportRecord },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/periods/:periodNo/cash-report`,
        operationId: 'getAbsCashReport',
        summary: "A period's cash report from the deal's account bank",
        tags: TAGS,
        transaction: 'AbsReport:GetCashReport',
        mode: 'evaluate',
        schema: { params: PeriodParams, result: CashReportRecord },
    },
    {
        method: 'POST',
        url: `${DEALS}/:dealId/periods/:periodNo/acknowledgements`,
        operationId: 'acknowledgeAbsReport',
        summary: "Acknowledge a closed period's report (investor)",
        tags: TAGS,
        transaction: 'AbsReport:AcknowledgeReport',
        mode: 'submit',
        schema: { params: PeriodParams, body: AcknowledgeReport, result: AcknowledgementRecord },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/periods/:periodNo/acknowledgements`,
        operationId: 'listAbsAcknowledgements',
        summary: "Investors' acknowledgements of a period's report",
        tags: TAGS,
        transaction: 'AbsReport:ListAcknowledgements',
        mode: 'evaluate',
        schema: { params: PeriodParams, result: Open({ items: Type.Array(AcknowledgementRecord) }) },
    },
    {
        method: 'GET',
        url: `${DEALS}/:dealId/metrics`,
        operationId: 'getAbsMetricsSeries',
        summary: "The metrics of a deal's closed periods as a time series",
        tags: TAGS,
        transaction: 'AbsReport:GetMetricsSeries',
        mode: 'evaluate',
        schema: {
            params: DealParams,
            querystring: closed({ fromPeriod: Type.Optional(PeriodNo), toPeriod: Type.Optional(PeriodNo) }),
            result: MetricsSeries,
        },
    },
]);
