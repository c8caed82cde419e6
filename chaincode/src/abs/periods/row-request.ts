import {
    type AmountRecord,
    LOAN_STATUSES,
    MAX_LOANS_PER_BATCH,
    type PeriodRowRecord,
    REMOVAL_REASONS,
    recordOf,
    ROW_EVENT_TYPES,
    type RowEventType,
    ROW_REPORTED_AMOUNTS,
    MAX_DAYS_PAST_DUE,
    MAX_TERM_MONTHS,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { asFields, type Fields, integer, list, oneOf } from '../../core/request-fields.js';
import {
    amountOf,
    batchIdOf,
    dealIdOf,
    fingerprintOf,
    invalidField,
    loanIdOf,
    optionalAmountOf,
    periodNoOf,
    saltOf,
} from '../fields.js';
import { requireDistinctLoans } from '../loan-status.js';
import { transientLoanAmounts } from '../private-data.js';

/** The amounts of a loan's period row, from the transient field. Exception amounts default to 0. */
export interface RowAmountsInput extends AmountRecord<typeof ROW_REPORTED_AMOUNTS> {
    readonly salt: string;
}

type RowReportedAmount = (typeof ROW_REPORTED_AMOUNTS)[number];

/** The row amounts a servicer must state; the others are exceptions and default to 0. */
const REQUIRED_ROW_AMOUNTS: readonly RowReportedAmount[] = ['scheduledPrincipal', 'closingBalance'];

/** A loan's period row: public fields from the request, amounts from the transient field. */
export interface PeriodRowInput extends Pick<
    PeriodRowRecord,
    'loanId' | 'status' | 'daysPastDue' | 'remainingTerm' | 'fingerprint' | 'evidence' | 'reasonCode'
> {
    readonly amounts: RowAmountsInput;
}

/** The request of `AbsReport:PostPeriodUpdates`. */
export interface PostPeriodUpdatesRequest {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly rows: readonly PeriodRowInput[];
}

/** Parses a PostPeriodUpdates request and joins each row with its transient amounts. */
export function parsePostPeriodUpdates(ctx: Context, fields: Fields): PostPeriodUpdatesRequest {
    const rows = list(fields, 'rows', { max: MAX_LOANS_PER_BATCH }).map((item, i) => parseRow(item, `rows[${i}]`));
    const loanIds = rows.map((row) => row.loanId);
    requireDistinctLoans(loanIds, 'rows');
    const amounts = transientLoanAmounts(ctx, loanIds);
    return {
        dealId: dealIdOf(fields),
        periodNo: periodNoOf(fields),
        batchId: batchIdOf(fields),
        rows: rows.map((row) => ({
            ...row,
            amounts: parseRowAmounts(amounts.get(row.loanId)!, `transient.loans[${row.loanId}]`),
        })),
    };
}

function parseRow(item: unknown, path: string): Omit<PeriodRowInput, 'amounts'> {
    const fields = asFields(item, path);
    const reasonCode =
        fields.reasonCode === undefined ? undefined : oneOf(fields, 'reasonCode', REMOVAL_REASONS, { path });
    return {
        loanId: loanIdOf(fields, 'loanId', { path }),
        status: oneOf(fields, 'status', LOAN_STATUSES, { path }),
        daysPastDue: integer(fields, 'daysPastDue', { path, min: 0, max: MAX_DAYS_PAST_DUE }),
        remainingTerm: integer(fields, 'remainingTerm', { path, min: 0, max: MAX_TERM_MONTHS }),
        fingerprint: fingerprintOf(fields, 'fingerprint', { path }),
        evidence: parseEvidence(fields.evidence, `${path}.evidence`),
        ...(reasonCode === undefined ? {} : { reasonCode }),
    };
}

function parseEvidence(value: unknown, path: string): Partial<Record<RowEventType, string>> {
    if (value === undefined) {
        return {};
    }
    const fields = asFields(value, path);
    const evidence: Partial<Record<RowEventType, string>> = {};
    for (const key of Object.keys(fields)) {
        if (!(ROW_EVENT_TYPES as readonly string[]).includes(key)) {
            throw invalidField(`${path}.${key}`, `is not an event type (${ROW_EVENT_TYPES.join(', ')})`);
        }
        evidence[key as RowEventType] = fingerprintOf(fields, key, { path });
    }
    return evidence;
}

function parseRowAmounts(fields: Fields, path: string): RowAmountsInput {
    const amounts = recordOf(ROW_REPORTED_AMOUNTS, (field) =>
        REQUIRED_ROW_AMOUNTS.includes(field)
            ? amountOf(fields, field, { path })
            : optionalAmountOf(fields, field, { path }),
    );
    return { ...amounts, salt: saltOf(fields, { path }) };
}
