import { AbsAmountRangeError, addAmounts } from '../amounts.js';
import { type Tranche } from '../deal.js';
import { accrued } from './accrual.js';
import { payGroupsInOrder, payInOrder, shareProRata } from './allocation.js';
import { type PrincipalPayment, SERVICER_FEE_ID, type WaterfallTerms } from './terms.js';

/**
 * The payment waterfall of one collection period (docs/abs-waterfall.md), pure and in integer minor units, so that
 * the chaincode at the close and an investor afterwards compute the same figures. Two accounts, as a Chinese
 * credit-ABS (信贷ABS) trust keeps them:
 *
 * Interest account (收入分账户), funded by the period's interest collections:
 *   I1 fees: the servicer fee, then each fixed fee in the deal's order;
 *   I2 interest of every tranche by rank (current interest plus carried shortfall; equal ranks pro rata by due);
 *   I3 default cover: moves up to the period's defaulted principal to the principal account;
 *   I4 residual: what is left goes to the subordinated class (excess spread).
 * Principal account (本金分账户), funded by the principal collections and the default cover:
 *   P1 fees I1 left unpaid;
 *   P2 interest I2 left unpaid, of the rated (non-subordinated) tranches, by rank;
 *   P3 principal of the rated tranches: pro rata by balance, or by rank once sequential pay is in force;
 *   P4 principal of the subordinated tranches, once every rated tranche is repaid;
 *   P5 residual to the subordinated class.
 * Interest unpaid after P2 is carried to the next period as shortfall (it bears no interest itself).
 */

/** A tranche's state before the period: its balance and the interest it is still owed. */
export interface TrancheOpening {
    readonly trancheId: string;
    readonly balance: number;
    readonly interestShortfall: number;
}

/** What the waterfall of one period is computed from. */
export interface WaterfallInput {
    readonly tranches: readonly Tranche[];
    /** One entry per tranche. */
    readonly opening: readonly TrancheOpening[];
    readonly terms: WaterfallTerms;
    /** Whether a trigger (or the deal's terms) has switched principal to sequential pay for this period. */
    readonly sequential: boolean;
    /** Accrual days of the period. */
    readonly days: number;
    /** The pool's balance at the period's start: the servicer fee's base. */
    readonly poolBalance: number;
    readonly interestCollections: number;
    /** Principal collections available to the notes (net of revolving purchases). */
    readonly principalCollections: number;
    /** Principal of the loans that defaulted in the period: the most excess interest moves to principal (I3). */
    readonly defaultedPrincipal: number;
}

/** The two accounts of the trust. */
export type WaterfallAccount = 'INTEREST' | 'PRINCIPAL';

/** What a step pays. `DEFAULT_COVER` moves cash between the accounts and pays no one. */
export type WaterfallStepKind = 'FEE' | 'INTEREST' | 'DEFAULT_COVER' | 'PRINCIPAL' | 'RESIDUAL';

/** One payment of the waterfall, in order of priority. */
export interface WaterfallStep {
    /** `I1`…`I4`, `P1`…`P5` (module comment). */
    readonly step: string;
    readonly account: WaterfallAccount;
    readonly kind: WaterfallStepKind;
    /** Fee ID or tranche ID; `null` for the default cover and the residual. */
    readonly payee: string | null;
    /** What was owed when the step ran (the balance, for principal; what is left, for the residual). */
    readonly due: number;
    readonly paid: number;
}

/** A fee's due and payment in the period. */
export interface FeeFlow {
    readonly feeId: string;
    readonly due: number;
    readonly paid: number;
}

/** A tranche's cash flows in the period. */
export interface TrancheFlow {
    readonly trancheId: string;
    readonly rank: number;
    /** Of the last rank: paid principal after every rated tranche, and the residual. */
    readonly subordinated: boolean;
    readonly openingBalance: number;
    /** This period's interest plus the shortfall carried in. */
    readonly interestDue: number;
    readonly interestPaid: number;
    /** Interest owed and not paid, carried to the next period. */
    readonly interestShortfall: number;
    readonly principalPaid: number;
    readonly closingBalance: number;
}

/** The waterfall of one period. Conservation: fees + interest + principal paid + residual = available total. */
export interface WaterfallResult {
    readonly days: number;
    readonly principalPayment: PrincipalPayment;
    readonly available: Readonly<{ interest: number; principal: number; total: number }>;
    readonly fees: readonly FeeFlow[];
    /** In rank order (then tranche ID). */
    readonly tranches: readonly TrancheFlow[];
    /** Moved from the interest to the principal account at I3. */
    readonly defaultCover: number;
    /** I4 plus P5: cash to the subordinated class beyond its principal. */
    readonly residual: number;
    readonly steps: readonly WaterfallStep[];
}

/** Tranches in payment order: rank, then tranche ID. */
export function inPaymentOrder(tranches: readonly Tranche[]): Tranche[] {
    return [...tranches].sort((a, b) =>
        a.rank === b.rank ? (a.trancheId < b.trancheId ? -1 : a.trancheId > b.trancheId ? 1 : 0) : a.rank - b.rank,
    );
}

/** Indices of `ordered` grouped by equal rank, groups in rank order. */
function rankGroups(ordered: readonly Tranche[], indices: readonly number[]): number[][] {
    const groups: number[][] = [];
    for (const index of indices) {
        const last = groups.at(-1);
        if (last !== undefined && ordered[last[0]!]!.rank === ordered[index]!.rank) {
            last.push(index);
        } else {
            groups.push([index]);
        }
    }
    return groups;
}

function safe(value: number, field: string): number {
    if (!Number.isSafeInteger(value)) {
        throw new AbsAmountRangeError(field);
    }
    return value;
}

/**
 * Runs the waterfall of one period.
 *
 * @throws {@link AbsAmountRangeError} when an amount leaves the safe-integer range; Error when `opening` does not
 * give exactly one state per tranche (a caller's defect, never a request's).
 */
export function computeWaterfall(input: WaterfallInput): WaterfallResult {
    const ordered = inPaymentOrder(input.tranches);
    const openings = ordered.map((tranche) => openingOf(input.opening, tranche.trancheId));
    const lastRank = ordered.at(-1)?.rank ?? 0;
    const all = ordered.map((_, index) => index);
    const rated = all.filter((index) => ordered[index]!.rank < lastRank);
    const subordinated = all.filter((index) => ordered[index]!.rank === lastRank);
    const total = addAmounts(input.interestCollections, input.principalCollections, 'availableFunds');
    const steps: WaterfallStep[] = [];
    const step = (entry: WaterfallStep): void => {
        if (entry.due > 0 || entry.paid > 0 || entry.kind === 'RESIDUAL') {
            steps.push(entry);
        }
    };

    const feeIds = [SERVICER_FEE_ID, ...input.terms.fees.map((fee) => fee.feeId)];
    const feeDues = [
        safe(accrued(input.poolBalance, input.terms.servicerFeeBps, input.days), 'servicerFee'),
        ...input.terms.fees.map((fee) => fee.amount),
    ];
    const interestDues = ordered.map((tranche, i) =>
        addAmounts(
            safe(accrued(openings[i]!.balance, tranche.couponBps, input.days), `${tranche.trancheId}.interest`),
            openings[i]!.interestShortfall,
            `${tranche.trancheId}.interestDue`,
        ),
    );

    // Interest account.
    const feesI = payInOrder(input.interestCollections, feeDues);
    feeIds.forEach((feeId, i) =>
        step({ step: 'I1', account: 'INTEREST', kind: 'FEE', payee: feeId, due: feeDues[i]!, paid: feesI.paid[i]! }),
    );
    const interestPaid = ordered.map(() => 0);
    let left = payInterest('I2', 'INTEREST', all, feesI.left);
    const defaultCover = Math.min(left, input.defaultedPrincipal);
    step({
        step: 'I3',
        account: 'INTEREST',
        kind: 'DEFAULT_COVER',
        payee: null,
        due: input.defaultedPrincipal,
        paid: defaultCover,
    });
    left -= defaultCover;
    step({ step: 'I4', account: 'INTEREST', kind: 'RESIDUAL', payee: null, due: left, paid: left });
    const residualInterest = left;

    // Principal account.
    const feeRest = feeDues.map((due, i) => due - feesI.paid[i]!);
    const feesP = payInOrder(addAmounts(input.principalCollections, defaultCover, 'principalAccount'), feeRest);
    feeIds.forEach((feeId, i) =>
        step({ step: 'P1', account: 'PRINCIPAL', kind: 'FEE', payee: feeId, due: feeRest[i]!, paid: feesP.paid[i]! }),
    );
    left = payInterest('P2', 'PRINCIPAL', rated, feesP.left);
    const principalPaid = ordered.map(() => 0);
    const balances = openings.map((opening) => opening.balance);
    const ratedBalances = rated.map((i) => balances[i]!);
    if (input.sequential) {
        left = payPrincipalByRank('P3', rated, left);
    } else {
        const pay = Math.min(
            left,
            ratedBalances.reduce((sum, balance) => sum + balance, 0),
        );
        shareProRata(pay, ratedBalances).forEach((share, k) => {
            const i = rated[k]!;
            principalPaid[i] = share;
            step({
                step: 'P3',
                account: 'PRINCIPAL',
                kind: 'PRINCIPAL',
                payee: ordered[i]!.trancheId,
                due: balances[i]!,
                paid: share,
            });
        });
        left -= pay;
    }
    left = payPrincipalByRank('P4', subordinated, left);
    step({ step: 'P5', account: 'PRINCIPAL', kind: 'RESIDUAL', payee: null, due: left, paid: left });

    const result: WaterfallResult = {
        days: input.days,
        principalPayment: input.sequential ? 'SEQUENTIAL' : 'PRO_RATA',
        available: { interest: input.interestCollections, principal: input.principalCollections, total },
        fees: feeIds.map((feeId, i) => ({ feeId, due: feeDues[i]!, paid: feesI.paid[i]! + feesP.paid[i]! })),
        tranches: ordered.map((tranche, i) => ({
            trancheId: tranche.trancheId,
            rank: tranche.rank,
            subordinated: tranche.rank === lastRank,
            openingBalance: balances[i]!,
            interestDue: interestDues[i]!,
            interestPaid: interestPaid[i]!,
            interestShortfall: interestDues[i]! - interestPaid[i]!,
            principalPaid: principalPaid[i]!,
            closingBalance: balances[i]! - principalPaid[i]!,
        })),
        defaultCover,
        residual: residualInterest + left,
        steps,
    };
    requireConservation(result);
    return result;

    /** Pays the interest still due of `indices` by rank from `funds`; returns what is left. */
    function payInterest(name: string, account: WaterfallAccount, indices: readonly number[], funds: number): number {
        const groups = rankGroups(ordered, indices);
        const paid = payGroupsInOrder(
            funds,
            groups.map((group) => group.map((i) => interestDues[i]! - interestPaid[i]!)),
        );
        groups.forEach((group, g) =>
            group.forEach((i, k) => {
                const due = interestDues[i]! - interestPaid[i]!;
                interestPaid[i]! += paid.paid[g]![k]!;
                step({
                    step: name,
                    account,
                    kind: 'INTEREST',
                    payee: ordered[i]!.trancheId,
                    due,
                    paid: paid.paid[g]![k]!,
                });
            }),
        );
        return paid.left;
    }

    /** Repays the balances of `indices` by rank (equal ranks pro rata by balance); returns what is left. */
    function payPrincipalByRank(name: string, indices: readonly number[], funds: number): number {
        const groups = rankGroups(ordered, indices);
        const paid = payGroupsInOrder(
            funds,
            groups.map((group) => group.map((i) => balances[i]!)),
        );
        groups.forEach((group, g) =>
            group.forEach((i, k) => {
                principalPaid[i] = paid.paid[g]![k]!;
                step({
                    step: name,
                    account: 'PRINCIPAL',
                    kind: 'PRINCIPAL',
                    payee: ordered[i]!.trancheId,
                    due: balances[i]!,
                    paid: principalPaid[i],
                });
            }),
        );
        return paid.left;
    }
}

function openingOf(opening: readonly TrancheOpening[], trancheId: string): TrancheOpening {
    const matches = opening.filter((entry) => entry.trancheId === trancheId);
    if (matches.length !== 1) {
        throw new Error(`the waterfall needs exactly one opening state of tranche ${trancheId}, got ${matches.length}`);
    }
    return matches[0]!;
}

/** Fees, interest and principal paid plus the residual must be the available funds, to the minor unit. */
function requireConservation(result: WaterfallResult): void {
    const sum = (values: readonly number[]): bigint => values.reduce((acc, value) => acc + BigInt(value), 0n);
    const paid =
        sum(result.fees.map((fee) => fee.paid)) +
        sum(result.tranches.map((tranche) => tranche.interestPaid + tranche.principalPaid)) +
        BigInt(result.residual);
    if (paid !== BigInt(result.available.total)) {
        throw new Error(`the waterfall paid ${paid} of ${result.available.total}`);
    }
}
