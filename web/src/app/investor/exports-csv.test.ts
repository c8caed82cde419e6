import { type LoanRecord } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { parseCsv, UTF8_BOM } from './csv.ts';
import { loansCsv, metricsCsv } from './exports-csv.ts';
import { pointOf } from './testing-metrics.ts';

describe('metricsCsv', () => {
    it('writes one record per period in period order with the chaincode’s integers and their units', () => {
        const csv = metricsCsv([pointOf(2, ['DQ60_WATCH', 'CPR_FLOOR']), pointOf(1)]);
        expect(csv.startsWith(UTF8_BOM)).toBe(true);
        const [header, ...rows] = parseCsv(csv);
        const column = (name: string): string[] => rows.map((row) => row[header!.indexOf(name)]!);
        expect(header).toContain('cpr_annualised_ppm');
        expect(column('period_no')).toEqual(['1', '2']);
        expect(column('cpr_annualised_ppm')).toEqual(['1010', '2010']);
        expect(column('cdr_annualised_ppm')).toEqual(['1012', '2012']);
        expect(column('pool_factor_ppm')).toEqual(['1001', '2001']);
        expect(column('closing_balance_cents')).toEqual(['489999', '479998']);
        expect(column('dpd_90_plus_balance_ppm')).toEqual(['1006', '2006']);
        expect(column('cumulative_net_loss_ppm')).toEqual(['1014', '2014']);
        expect(column('breached_triggers')).toEqual(['', 'DQ60_WATCH CPR_FLOOR']);
        expect(rows.every((row) => row.length === header!.length)).toBe(true);
    });

    it('writes the header alone for a deal without closed periods', () => {
        expect(parseCsv(metricsCsv([]))).toHaveLength(1);
    });
});

describe('loansCsv', () => {
    it('writes the public loan fields, an empty tape index for a loan bought later', () => {
        const loan = (loanId: string, tapeIndex?: number): LoanRecord => ({
            dealId: 'D',
            loanId,
            loanRef: 'loan:x',
            fingerprint: 'sha256:' + 'a'.repeat(64),
            rateBps: 1200,
            originalTerm: 24,
            remainingTerm: 23,
            status: 'CURRENT',
            daysPastDue: 0,
            acquisition: tapeIndex === undefined ? 'REVOLVING_PURCHASE' : 'CUT_OFF',
            ...(tapeIndex === undefined ? {} : { tapeIndex }),
            addedInPeriod: tapeIndex === undefined ? 2 : 0,
            lastReportedPeriod: 2,
            amountsDigest: 'sha256:' + 'b'.repeat(64),
            batchId: 'b1',
            updatedAt: '2026-01-01T00:00:00Z',
            txId: 't',
        });
        const [header, first, second] = parseCsv(loansCsv([loan('ln_1', 0), loan('ln_2')]));
        expect(header![0]).toBe('loan_id');
        expect(first![header!.indexOf('tape_index')]).toBe('0');
        expect(second![header!.indexOf('tape_index')]).toBe('');
        expect(second![header!.indexOf('acquisition')]).toBe('REVOLVING_PURCHASE');
        expect(header).not.toContain('current_principal');
    });
});
