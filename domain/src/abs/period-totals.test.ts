import { describe, expect, it } from 'vitest';
import { AbsAmountRangeError, addAmounts } from './amounts.js';
import { addLoanBatchTotals, addLoanToBatch, emptyLoanBatchTotals } from './batch.js';
import {
    addCumulative,
    addPeriodTotals,
    emptyCumulativeTotals,
    emptyPeriodTotals,
    rolledForwardClosing,
    rollForwardOf,
    rowTotals,
} from './period-totals.js';

const NO_FLOWS = {
    openingBalance: 0,
    addedPrincipal: 0,
    scheduledPrincipal: 0,
    prepaidPrincipal: 0,
    defaultedPrincipal: 0,
    repurchasedPrincipal: 0,
    substitutedPrincipal: 0,
    chargedOffPrincipal: 0,
    recoveredAmount: 0,
    closingBalance: 0,
};

describe('rowTotals', () => {
    it('puts a performing row in its bucket and in the weighted sums', () => {
        const totals = rowTotals({
            priorStatus: 'CURRENT',
            status: 'DPD_31_60',
            acquisition: 'CUT_OFF',
            rateBps: 1500,
            remainingTerm: 7,
            amounts: { ...NO_FLOWS, openingBalance: 1000, scheduledPrincipal: 0, closingBalance: 1000 },
        });
        expect(totals).toMatchObject({
            inPoolRows: 1,
            outOfPoolRows: 0,
            openingBalance: 1000,
            closingBalance: 1000,
            delinquency: { DPD_31_60: { count: 1, balance: 1000 }, CURRENT: { count: 0, balance: 0 } },
            weightedRateSum: '1500000',
            weightedTermSum: '7000',
        });
    });

    it('books additions by how the loan was bought', () => {
        const base = { priorStatus: 'CURRENT', status: 'CURRENT', rateBps: 1, remainingTerm: 1 } as const;
        const amounts = { ...NO_FLOWS, addedPrincipal: 300, closingBalance: 300 };
        expect(rowTotals({ ...base, acquisition: 'REVOLVING_PURCHASE', amounts })).toMatchObject({
            revolvingPurchasedPrincipal: 300,
            substitutionInPrincipal: 0,
        });
        expect(rowTotals({ ...base, acquisition: 'SUBSTITUTION', amounts })).toMatchObject({
            revolvingPurchasedPrincipal: 0,
            substitutionInPrincipal: 300,
        });
    });

    it('counts an out-of-pool row apart, with its losses and no bucket', () => {
        const totals = rowTotals({
            priorStatus: 'DEFAULTED',
            status: 'CHARGED_OFF',
            acquisition: 'CUT_OFF',
            rateBps: 1000,
            remainingTerm: 3,
            amounts: { ...NO_FLOWS, chargedOffPrincipal: 70, recoveredAmount: 30 },
        });
        expect(totals).toMatchObject({
            inPoolRows: 0,
            outOfPoolRows: 1,
            chargedOffPrincipal: 70,
            recoveredAmount: 30,
            exits: { CHARGED_OFF: 1, DEFAULTED: 0 },
            weightedRateSum: '0',
        });
    });

    it('counts a default and a charge-off in the same period', () => {
        const totals = rowTotals({
            priorStatus: 'DPD_61_90',
            status: 'CHARGED_OFF',
            acquisition: 'CUT_OFF',
            rateBps: 1000,
            remainingTerm: 3,
            amounts: { ...NO_FLOWS, openingBalance: 50, defaultedPrincipal: 50, chargedOffPrincipal: 50 },
        });
        expect(totals.exits).toMatchObject({ DEFAULTED: 1, CHARGED_OFF: 1 });
    });
});

describe('adding totals', () => {
    it('adds field by field, weighted sums as decimal strings', () => {
        const a = { ...emptyPeriodTotals(), openingBalance: 5, weightedRateSum: '9007199254740993' };
        const b = { ...emptyPeriodTotals(), openingBalance: 7, weightedRateSum: '7' };
        expect(addPeriodTotals(a, b)).toMatchObject({ openingBalance: 12, weightedRateSum: '9007199254741000' });
    });

    it('refuses a sum beyond the safe-integer range, naming the total', () => {
        const big = { ...emptyPeriodTotals(), closingBalance: Number.MAX_SAFE_INTEGER };
        expect(() => addPeriodTotals(big, { ...emptyPeriodTotals(), closingBalance: 1 })).toThrow(AbsAmountRangeError);
        expect(() => addAmounts(Number.MAX_SAFE_INTEGER, 1, 'x')).toThrow('x exceeds the largest safe integer');
    });

    it('accumulates the period into the running totals', () => {
        const period = {
            ...emptyPeriodTotals(),
            defaultedPrincipal: 10,
            recoveredAmount: 4,
            revolvingPurchasedPrincipal: 3,
        };
        expect(addCumulative({ ...emptyCumulativeTotals(), defaultedPrincipal: 5 }, period)).toMatchObject({
            defaultedPrincipal: 15,
            recoveredAmount: 4,
            revolvingPurchasedPrincipal: 3,
        });
    });

    it('sums loan batches with rate and term weights', () => {
        const one = addLoanToBatch(emptyLoanBatchTotals(), {
            originalPrincipal: 100,
            currentPrincipal: 80,
            rateBps: 1000,
            remainingTerm: 6,
        });
        expect(addLoanBatchTotals(one, one)).toEqual({
            loanCount: 2,
            originalPrincipal: 200,
            currentPrincipal: 160,
            weightedRateSum: '160000',
            weightedTermSum: '960',
        });
    });
});

describe('roll-forward', () => {
    it('derives the closing balance from the flows', () => {
        const roll = rollForwardOf({
            ...emptyPeriodTotals(),
            openingBalance: 1000,
            revolvingPurchasedPrincipal: 200,
            substitutionInPrincipal: 50,
            scheduledPrincipal: 100,
            prepaidPrincipal: 40,
            defaultedPrincipal: 30,
            repurchasedPrincipal: 20,
            substitutedPrincipal: 50,
            closingBalance: 1010,
        });
        expect(rolledForwardClosing(roll)).toBe(1010n);
    });
});
