/** The pool of a deal: its immutable cut-off snapshot and its running state. */
import { type CumulativeTotals } from './totals.js';

/** The immutable cut-off snapshot of a pool. */
export interface CutOffRecord {
    readonly dealId: string;
    readonly cutOffDate: string;
    readonly loanCount: number;
    readonly initialBalance: number;
    readonly originalPrincipal: number;
    readonly weightedRateSum: string;
    readonly weightedTermSum: string;
    readonly wacBps: number;
    readonly warmMonthsX100: number;
    /** RFC 9162 SHA-256 Merkle root (hex) of the tape; leaves in tape order, see `tapeLeaf`. */
    readonly tapeRoot: string;
    readonly tapeSize: number;
    readonly tapeFingerprint: string;
    readonly batchIds: readonly string[];
    readonly txId: string;
    readonly time: string;
}

/** The running state of a deal's pool. */
export interface PoolRecord {
    readonly dealId: string;
    readonly phase: 'OPEN' | 'CUT_OFF';
    /** Incremental RFC 9162 tree of the tape while it is being built. */
    readonly tape: { readonly size: number; readonly frontier: readonly string[] };
    readonly activeLoanCount: number;
    readonly currentBalance: number;
    readonly initialBalance: number;
    readonly cumulative: CumulativeTotals;
    readonly latestPoolFactorPpm: number;
    readonly openPeriod: number;
    readonly lastClosedPeriod: number;
    readonly lastPeriodEndDate: string | null;
    readonly updatedAt: string;
    readonly txId: string;
}
