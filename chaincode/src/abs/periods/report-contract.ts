import { ABS_ERRORS, MAX_PERIOD_NO, type PeriodRecord } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf, readPage } from '../../core/page-reader.js';
import { integer, parseRequest } from '../../core/request-fields.js';
import { ABS_DEAL_ROLES, readDealAsParty, requireDealReader, requireIssuerRole } from '../access.js';
import { readDeal } from '../deals/deal-store.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { requireRole } from '../../membership/member-access.js';
import { dealIdOf, periodNoOf } from '../fields.js';
import { ABS_OBJECTS } from '../keys.js';
import { acknowledgeReport, parseAcknowledgeReport } from './acknowledge-report.js';
import { parseSubmitCashReport, readCashReport, submitCashReport } from './cash-report.js';
import { closePeriod, parseClosePeriod } from './close-period.js';
import { openPeriod, parseOpenPeriod } from './open-period.js';
import { postPeriodUpdates } from './post-period-updates.js';
import { acknowledgements, metricsSeries, periodView } from './report-queries.js';
import { parsePostPeriodUpdates } from './row-request.js';
import { readWaterfall } from './waterfall-store.js';

/**
 * ABS period reports: opening a collection period, loan-level rows in batches (amounts in the transient field
 * `loans`), the close that computes roll-forward, metrics and triggers, investors' acknowledgements, and reads.
 * Request and response shapes: chaincode/docs/abs-api.md.
 */
@Info({ title: 'AbsReport', description: 'ABS collection periods, period reports, metrics and acknowledgements' })
export class AbsReportContract extends LedgerContract {
    constructor() {
        super('AbsReport');
    }

    /** Opens the next collection period. Issuer only. */
    @Transaction()
    @Returns('string')
    async OpenPeriod(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'open an ABS period');
        return result(await openPeriod(ctx, parseRequest(request, parseOpenPeriod)));
    }

    /** Posts a batch of loan-level rows for the open period. Issuer only; amounts in transient `loans`. */
    @Transaction()
    @Returns('string')
    async PostPeriodUpdates(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'post ABS period rows');
        return result(
            await postPeriodUpdates(
                ctx,
                parseRequest(request, (fields) => parsePostPeriodUpdates(ctx, fields)),
            ),
        );
    }

    /** Closes a period: roll-forward, metrics, triggers, and a trigger-driven deal transition. Issuer only. */
    @Transaction()
    @Returns('string')
    async ClosePeriod(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'close an ABS period');
        return result(await closePeriod(ctx, parseRequest(request, parseClosePeriod)));
    }

    /**
     * Records the account bank's cash report of an open period (replacing an earlier one until the close). The
     * deal's account bank only.
     */
    @Transaction()
    @Returns('string')
    async SubmitCashReport(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ['bank'], 'report an ABS period cash');
        return result(await submitCashReport(ctx, parseRequest(request, parseSubmitCashReport)));
    }

    /** Reads a period's cash report. The deal's issuer, holders and account bank. */
    @Transaction(false)
    @Returns('string')
    async GetCashReport(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS cash report');
        const [dealId, periodNo] = parseRequest(request, (fields) => [dealIdOf(fields), periodNoOf(fields)] as const);
        const deal = await readDeal(ctx, dealId);
        if (caller.mspId !== deal.accountBankMspId) {
            await requireDealReader(ctx, deal, 'read an ABS cash report');
        }
        const report = await readCashReport(ctx, dealId, periodNo);
        if (report === undefined) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_CASH_REPORT_NOT_FOUND,
                `period ${periodNo} of deal ${dealId} has no cash report`,
                { dealId, periodNo },
            );
        }
        return result(report);
    }

    /** Records an investor's audit acknowledgement of a closed period's report. A holder of the deal only. */
    @Transaction()
    @Returns('string')
    async AcknowledgeReport(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ['investor'], 'acknowledge an ABS report');
        return result(await acknowledgeReport(ctx, parseRequest(request, parseAcknowledgeReport)));
    }

    /** Reads a period (with its report once closed) and the report digest. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async GetPeriodReport(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS period report');
        const [dealId, second] = parseRequest(request, (fields) => [dealIdOf(fields), periodNoOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'read an ABS period report');
        return result(await periodView(ctx, dealId, second));
    }

    /**
     * Reads the payment waterfall a period's close ran: every tranche's interest, shortfall, principal and balance.
     * The deal's issuer and holders; a holder sees every tranche's flows, as it sees the whole deal.
     */
    @Transaction(false)
    @Returns('string')
    async GetPeriodWaterfall(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS period waterfall');
        const [dealId, periodNo] = parseRequest(request, (fields) => [dealIdOf(fields), periodNoOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'read an ABS period waterfall');
        return result(await readWaterfall(ctx, dealId, periodNo));
    }

    /** Lists a deal's periods in period order, one page at a time. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async ListPeriodReports(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'list ABS period reports');
        const [dealId, page] = parseRequest(request, (fields) => [dealIdOf(fields), pageRequestOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'list ABS period reports');
        return result(
            await readPage<PeriodRecord>(ctx, { objectType: ABS_OBJECTS.period, attributes: [dealId] }, page),
        );
    }

    /** The metrics of a deal's closed periods as a time series. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async GetMetricsSeries(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read ABS metrics');
        const [dealId, range] = parseRequest(request, (fields) => {
            const fromPeriod = fields.fromPeriod === undefined ? 1 : periodNoOf(fields, 'fromPeriod');
            const toPeriod =
                fields.toPeriod === undefined
                    ? MAX_PERIOD_NO
                    : integer(fields, 'toPeriod', { min: fromPeriod, max: MAX_PERIOD_NO });
            return [dealIdOf(fields), { fromPeriod, toPeriod }] as const;
        });
        await readDealAsParty(ctx, dealId, 'read ABS metrics');
        return result(await metricsSeries(ctx, dealId, range));
    }

    /** Lists the acknowledgements of a period's report. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async ListAcknowledgements(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'list ABS report acknowledgements');
        const [dealId, periodNo] = parseRequest(request, (fields) => [dealIdOf(fields), periodNoOf(fields)] as const);
        await readDealAsParty(ctx, dealId, 'list ABS report acknowledgements');
        return result({ items: await acknowledgements(ctx, dealId, periodNo) });
    }
}
