import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DealRecord } from '../deal.js';
import { type TriggerResult } from '../period-report.js';
import { emptyPeriodTotals } from '../period-totals.js';
import { type PeriodTotals } from '../totals.js';
import { periodWaterfall, type WaterfallRecord } from './period-waterfall.js';

/*
 * docs/abs-waterfall.md's worked example is the fixture: its JSON blocks are the inputs, its tables the figures.
 * This test runs the waterfall the chaincode runs on the inputs and checks every figure of every table, so the doc
 * cannot drift from the code.
 */

const DOC = resolve(__dirname, '..', '..', '..', '..', 'docs', 'abs-waterfall.md');
const text = readFileSync(DOC, 'utf8');

/** The text after `<!-- waterfall-example <name> -->` up to the next marker or heading. */
function section(name: string): string {
    const marker = `<!-- waterfall-example ${name} -->`;
    const start = text.indexOf(marker);
    expect(start, `docs/abs-waterfall.md has no ${marker}`).toBeGreaterThanOrEqual(0);
    const rest = text.slice(start + marker.length);
    const end = rest.search(/<!-- waterfall-example |\n#/);
    return end < 0 ? rest : rest.slice(0, end);
}

function jsonBlock<T>(name: string): T {
    const match = /```json\n([\s\S]*?)\n```/.exec(section(name));
    expect(match, `no JSON block in ${name}`).not.toBeNull();
    return JSON.parse(match![1]!) as T;
}

/** The body rows of the table in a section, as trimmed cells. */
function tableRows(name: string): string[][] {
    const rows = section(name)
        .split('\n')
        .filter((line) => line.trim().startsWith('|'))
        .map((line) =>
            line
                .trim()
                .slice(1, -1)
                .split('|')
                .map((cell) => cell.trim()),
        );
    expect(rows.length, `no table in ${name}`).toBeGreaterThan(2);
    return rows.slice(2);
}

/** `1,595,616.43` → 159561643 fen; exact, no floating point. */
function fen(cell: string): number {
    const match = /^(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(cell);
    expect(match, `"${cell}" is not an amount in yuan`).not.toBeNull();
    return Number(match![1]!.replaceAll(',', '') + match![2]!);
}

interface ExamplePeriod {
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly interestCollections: number;
    readonly totals: Partial<PeriodTotals>;
    readonly triggers: readonly Pick<TriggerResult, 'triggerId' | 'breached' | 'consequence'>[];
}

const deal = jsonBlock<Pick<DealRecord, 'tranches' | 'waterfall'>>('deal');

/** Each period's waterfall, chained as the chaincode chains them: period 2 starts from period 1's record. */
function examples(): Map<number, WaterfallRecord> {
    const records = new Map<number, WaterfallRecord>();
    let previous: WaterfallRecord | null = null;
    for (const periodNo of [1, 2]) {
        const input = jsonBlock<ExamplePeriod>(`period-${periodNo} input`);
        expect(input.periodNo).toBe(periodNo);
        const triggers = input.triggers.map((trigger) => ({ ...trigger }) as TriggerResult);
        const computed = periodWaterfall({
            deal,
            period: {
                dealId: 'EXAMPLE',
                periodNo,
                startDate: input.startDate,
                endDate: input.endDate,
                report: { totals: { ...emptyPeriodTotals(), ...input.totals }, triggers },
            },
            interestCollections: input.interestCollections,
            previous,
        });
        previous = { ...computed, txId: `tx-${periodNo}`, time: '2026-04-01T00:00:00.000Z' };
        records.set(periodNo, previous);
    }
    return records;
}

describe('the worked example of docs/abs-waterfall.md', () => {
    const records = examples();

    for (const periodNo of [1, 2]) {
        const record = records.get(periodNo)!;
        const name = `period-${periodNo}`;

        it(`reproduces period ${periodNo}'s funds, days and principal mode`, () => {
            const [[days, collections, funded, principal, total, mode]] = tableRows(`${name} funds`) as [string[]];
            expect(Number(days)).toBe(record.days);
            expect(fen(collections!)).toBe(record.funds.principalCollections);
            expect(fen(funded!)).toBe(record.funds.purchasesFunded);
            expect(fen(principal!)).toBe(record.funds.principalAvailable);
            expect(fen(total!)).toBe(record.available.total);
            expect(mode).toBe(record.principalPayment);
        });

        it(`reproduces every step of period ${periodNo}, in order`, () => {
            const rows = tableRows(`${name} steps`).map(([step, account, kind, payee, due, paid]) => ({
                step,
                account,
                kind,
                payee: payee === '—' ? null : payee,
                due: fen(due!),
                paid: fen(paid!),
            }));
            expect(rows).toEqual(record.steps);
        });

        it(`reproduces every tranche's flows in period ${periodNo}`, () => {
            const rows = tableRows(`${name} tranches`).map(
                ([trancheId, opening, due, paid, shortfall, principal, closing]) => ({
                    trancheId,
                    openingBalance: fen(opening!),
                    interestDue: fen(due!),
                    interestPaid: fen(paid!),
                    interestShortfall: fen(shortfall!),
                    principalPaid: fen(principal!),
                    closingBalance: fen(closing!),
                }),
            );
            expect(rows).toEqual(
                record.tranches.map(
                    ({
                        trancheId,
                        openingBalance,
                        interestDue,
                        interestPaid,
                        interestShortfall,
                        principalPaid,
                        closingBalance,
                    }) => ({
                        trancheId,
                        openingBalance,
                        interestDue,
                        interestPaid,
                        interestShortfall,
                        principalPaid,
                        closingBalance,
                    }),
                ),
            );
        });

        it(`reproduces period ${periodNo}'s totals, which add up to the funds available`, () => {
            const [cells] = tableRows(`${name} totals`) as [string[]];
            const [fees, interest, principal, residual, all, cover] = cells.map(fen);
            const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
            expect(fees).toBe(sum(record.fees.map((fee) => fee.paid)));
            expect(interest).toBe(sum(record.tranches.map((tranche) => tranche.interestPaid)));
            expect(principal).toBe(sum(record.tranches.map((tranche) => tranche.principalPaid)));
            expect(residual).toBe(record.residual);
            expect(cover).toBe(record.defaultCover);
            expect(all).toBe(record.available.total);
            expect(fees! + interest! + principal! + residual!).toBe(all);
        });
    }

    it('starts period 2 from period 1’s closing balances and switches it to sequential pay by the trigger', () => {
        const [first, second] = [records.get(1)!, records.get(2)!];
        expect(second.tranches.map((t) => t.openingBalance)).toEqual(first.tranches.map((t) => t.closingBalance));
        expect(first.sequentialSince).toBeNull();
        expect(second.sequentialSince).toEqual({ periodNo: 2, triggerId: 'CDR_SEQUENTIAL' });
    });
});
