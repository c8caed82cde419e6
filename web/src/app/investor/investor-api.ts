import {
    type AcknowledgementRecord,
    type CutOffRecord,
    type DealRecord,
    type LoanRecord,
    type PeriodRecord,
    type PoolRecord,
} from '@lendledger/domain';
import { api, idempotencyKey } from '../../common/api.ts';
import { type MetricsSeries } from './metrics-series.ts';
import { type LoanProof } from './tape-proof.ts';

/** The ABS routes the dashboard reads (gateway/src/http/routes/abs-routes.ts); every read is the deal's parties'. */

/** One page of a list route. */
interface Paged<T> {
    readonly items: readonly T[];
    readonly bookmark: string;
}

/** Reads every page of a list, at most `limit` items, in the ledger's order. */
async function allPages<T>(path: string, limit: number): Promise<T[]> {
    const items: T[] = [];
    let bookmark = '';
    do {
        const query = new URLSearchParams({ pageSize: '200', ...(bookmark ? { bookmark } : {}) });
        const page = await api<Paged<T>>(`${path}?${query.toString()}`);
        items.push(...page.items);
        bookmark = page.bookmark;
    } while (bookmark !== '' && items.length < limit);
    return items.slice(0, limit);
}

const deal = (dealId: string): string => `/v1/abs/deals/${encodeURIComponent(dealId)}`;

/** The deals this organisation holds (or issued): `AbsDeal:ListDeals` lists the caller's own deals only. */
export function listDeals(): Promise<DealRecord[]> {
    return allPages<DealRecord>('/v1/abs/deals', 1_000);
}

export function getDeal(dealId: string): Promise<DealRecord> {
    return api<DealRecord>(deal(dealId));
}

/** `GET …/pool`: the running pool and its cut-off snapshot. */
export interface PoolView {
    readonly pool: PoolRecord;
    readonly cutOff: CutOffRecord | null;
}

export function getPool(dealId: string): Promise<PoolView> {
    return api<PoolView>(`${deal(dealId)}/pool`);
}

export function listPeriods(dealId: string): Promise<PeriodRecord[]> {
    return allPages<PeriodRecord>(`${deal(dealId)}/periods`, 1_000);
}

export function getMetrics(dealId: string): Promise<MetricsSeries> {
    return api<MetricsSeries>(`${deal(dealId)}/metrics`);
}

/** `GET …/periods/:periodNo`: the period, its report and the digest an acknowledgement names. */
export interface PeriodView {
    readonly period: PeriodRecord;
    readonly reportDigest: string;
}

export function getPeriod(dealId: string, periodNo: number): Promise<PeriodView> {
    return api<PeriodView>(`${deal(dealId)}/periods/${periodNo}`);
}

export async function listAcknowledgements(dealId: string, periodNo: number): Promise<AcknowledgementRecord[]> {
    return [
        ...(await api<{ items: AcknowledgementRecord[] }>(`${deal(dealId)}/periods/${periodNo}/acknowledgements`))
            .items,
    ];
}

/**
 * Acknowledges the report with the digest the investor was shown: the chaincode refuses it
 * (`ABS_REPORT_DIGEST_MISMATCH`) if the report is not that one.
 */
export async function acknowledge(
    dealId: string,
    periodNo: number,
    reportDigest: string,
): Promise<AcknowledgementRecord> {
    const answer = await api<{ result: AcknowledgementRecord }>(
        `${deal(dealId)}/periods/${periodNo}/acknowledgements`,
        {
            method: 'POST',
            body: { statementCode: 'REVIEWED', reportDigest },
            headers: { 'idempotency-key': idempotencyKey() },
        },
    );
    return answer.result;
}

/** The pool's loans, public fields only, at most `limit`. */
export function listLoans(dealId: string, limit = 5_000): Promise<LoanRecord[]> {
    return allPages<LoanRecord>(`${deal(dealId)}/pool/loans`, limit);
}

export function getLoanProof(dealId: string, loanId: string): Promise<LoanProof> {
    return api<LoanProof>(`${deal(dealId)}/pool/loans/${encodeURIComponent(loanId)}/proof`);
}

/** `GET …/pool/loans/:loanId`: the loan and its period rows. */
export interface LoanView {
    readonly loan: LoanRecord;
    readonly rows: readonly { readonly periodNo: number; readonly status: string; readonly daysPastDue: number }[];
}

export function getLoan(dealId: string, loanId: string): Promise<LoanView> {
    return api<LoanView>(`${deal(dealId)}/pool/loans/${encodeURIComponent(loanId)}`);
}
