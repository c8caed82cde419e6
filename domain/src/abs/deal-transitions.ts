import { type DealStatus } from './deal.js';

/**
 * Who may take an edge of the deal state machine: the issuer with `AbsDeal:TransitionDeal`, only the pool cut-off
 * transaction (`AbsPool:CutOffPool`, which fixes the tape root in the same write), or only a computed trigger
 * breach at a period close (`AbsReport:ClosePeriod`). Nobody asserts a trigger breach.
 */
export type TransitionActor = 'ISSUER' | 'POOL_CUT_OFF' | 'TRIGGER';

/** One allowed edge of the deal state machine. */
export interface DealTransitionRule {
    readonly from: DealStatus;
    readonly to: DealStatus;
    readonly by: TransitionActor;
}

/**
 * Every allowed deal transition. Anything not listed is refused. Guards that depend on state (revolving deals
 * only, clean-up threshold, empty pool, no open period) are checked by the chaincode on top of this table.
 */
export const DEAL_TRANSITIONS: readonly DealTransitionRule[] = [
    { from: 'STRUCTURING', to: 'CUT_OFF', by: 'POOL_CUT_OFF' },
    { from: 'CUT_OFF', to: 'ISSUED', by: 'ISSUER' },
    { from: 'ISSUED', to: 'REVOLVING', by: 'ISSUER' },
    { from: 'ISSUED', to: 'AMORTISING', by: 'ISSUER' },
    { from: 'REVOLVING', to: 'AMORTISING', by: 'ISSUER' },
    { from: 'REVOLVING', to: 'EARLY_AMORTISATION', by: 'TRIGGER' },
    { from: 'AMORTISING', to: 'EARLY_AMORTISATION', by: 'TRIGGER' },
    { from: 'AMORTISING', to: 'CLEAN_UP', by: 'ISSUER' },
    { from: 'EARLY_AMORTISATION', to: 'CLEAN_UP', by: 'ISSUER' },
    { from: 'AMORTISING', to: 'CLOSED', by: 'ISSUER' },
    { from: 'EARLY_AMORTISATION', to: 'CLOSED', by: 'ISSUER' },
    { from: 'CLEAN_UP', to: 'CLOSED', by: 'ISSUER' },
];

/** The actor that may move a deal from `from` to `to`, or `undefined` when the table has no such edge. */
export function transitionActor(from: DealStatus, to: DealStatus): TransitionActor | undefined {
    return DEAL_TRANSITIONS.find((rule) => rule.from === from && rule.to === to)?.by;
}

/** The states the issuer may move a deal to from `from` (for error messages and user interfaces). */
export function issuerTargets(from: DealStatus): DealStatus[] {
    return DEAL_TRANSITIONS.filter((rule) => rule.from === from && rule.by === 'ISSUER').map((rule) => rule.to);
}
