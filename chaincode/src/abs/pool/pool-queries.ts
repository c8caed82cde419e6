import {
    ABS_ERRORS,
    type CutOffRecord,
    type DealRecord,
    type LoanAmountsRecord,
    type LoanEventRecord,
    type LoanRecord,
    type PeriodRowAmounts,
    type PeriodRowRecord,
    type PoolRecord,
    tapeLeaf,
    toHex,
    bytesEqual,
} from '@lendledger/domain';
import { inclusionProof, leafHash } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { allByPartialKey, type HistoryEntry, historyOf } from '../../core/ledger-state.js';
import { ABS_OBJECTS, loanKey, rowKey } from '../keys.js';
import { readPrivateJson } from '../private-data.js';
import { readEveryPage } from '../../core/page-reader.js';
import { readCutOff, readLoan, readLoanAmounts, readPool } from './pool-store.js';
import { indexedInclusionProof, type IndexedProof, tapeIsIndexed } from './tape-index.js';

/** Read-only views of a pool and its loans. */

/** A pool with its cut-off snapshot (`null` before cut-off). */
export interface PoolView {
    readonly pool: PoolRecord;
    readonly cutOff: CutOffRecord | null;
}

/** Reads a pool and its cut-off snapshot. */
export async function poolView(ctx: Context, dealId: string): Promise<PoolView> {
    const pool = await readPool(ctx, dealId);
    return { pool, cutOff: (await readCutOff(ctx, dealId)) ?? null };
}

/** A loan with its period rows, its events and every committed version of its public record (newest first). */
export interface LoanView {
    readonly loan: LoanRecord;
    readonly rows: PeriodRowRecord[];
    readonly events: LoanEventRecord[];
    readonly history: HistoryEntry<LoanRecord>[];
}

/** Reads a loan with its rows, events and history. */
export async function loanView(ctx: Context, dealId: string, loanId: string): Promise<LoanView> {
    const loan = await readLoan(ctx, dealId, loanId);
    return {
        loan,
        rows: await allByPartialKey<PeriodRowRecord>(ctx, ABS_OBJECTS.row, [dealId, loanId]),
        events: await allByPartialKey<LoanEventRecord>(ctx, ABS_OBJECTS.event, [dealId, loanId]),
        history: await historyOf<LoanRecord>(ctx, loanKey(ctx, dealId, loanId)),
    };
}

/** A loan's private amounts and the private amounts of each of its period rows. */
export interface LoanAmountsView {
    readonly dealId: string;
    readonly loanId: string;
    readonly amounts: LoanAmountsRecord;
    readonly rows: PeriodRowAmounts[];
}

/** Reads a loan's private amounts (collection members only), each checked against its public digest. */
export async function loanAmountsView(ctx: Context, deal: DealRecord, loanId: string): Promise<LoanAmountsView> {
    const { dealId } = deal;
    const loan = await readLoan(ctx, dealId, loanId);
    const rows = await allByPartialKey<PeriodRowRecord>(ctx, ABS_OBJECTS.row, [dealId, loanId]);
    const rowAmounts: PeriodRowAmounts[] = [];
    for (const row of rows) {
        rowAmounts.push(
            await readPrivateJson<PeriodRowAmounts>(
                ctx,
                deal,
                rowKey(ctx, dealId, loanId, row.periodNo),
                row.amountsDigest,
                `row ${row.periodNo} of loan ${loanId}`,
            ),
        );
    }
    return { dealId, loanId, amounts: await readLoanAmounts(ctx, deal, loan), rows: rowAmounts };
}

/** An RFC 9162 inclusion proof of a loan in the cut-off tape; verify with `verifyInclusion` of the domain. */
export interface TapeProof {
    readonly dealId: string;
    readonly loanId: string;
    readonly fingerprint: string;
    readonly tapeIndex: number;
    readonly tapeSize: number;
    readonly leafHash: string;
    readonly proof: string[];
    readonly tapeRoot: string;
}

/**
 * Builds the inclusion proof of a cut-off loan from the tape index, O(log n) reads (or, for a tape cut off before
 * the index existed, from all cut-off loans in tape order).
 *
 * @throws ChaincodeError ABS_DEAL_STATE before cut-off, ABS_LOAN_NOT_FOUND, or ABS_LOAN_INCONSISTENT for a loan
 * bought after cut-off (it has no tape position).
 */
export async function tapeProof(ctx: Context, dealId: string, loanId: string): Promise<TapeProof> {
    const cutOff = await readCutOff(ctx, dealId);
    if (cutOff === undefined) {
        throw new ChaincodeError(ABS_ERRORS.ABS_DEAL_STATE, `the pool of deal ${dealId} is not cut off yet`, {
            dealId,
        });
    }
    const loan = await readLoan(ctx, dealId, loanId);
    if (loan.tapeIndex === undefined) {
        throw new ChaincodeError(ABS_ERRORS.ABS_LOAN_INCONSISTENT, `loan ${loanId} joined after cut-off`, {
            acquisition: loan.acquisition,
            dealId,
            loanId,
        });
    }
    const { leafHash: leafHashValue, proof } = (await tapeIsIndexed(ctx, dealId, cutOff.tapeSize))
        ? await indexedInclusionProof(ctx, dealId, cutOff.tapeSize, loan.tapeIndex)
        : await proofFromLoans(ctx, dealId, loan.tapeIndex);
    if (!bytesEqual(leafHashValue, leafHash(tapeLeaf(loan.loanId, loan.fingerprint)))) {
        throw new Error(`the tape of deal ${dealId} holds another leaf at position ${loan.tapeIndex}`);
    }
    return {
        dealId,
        loanId,
        fingerprint: loan.fingerprint,
        tapeIndex: loan.tapeIndex,
        tapeSize: cutOff.tapeSize,
        leafHash: toHex(leafHashValue),
        proof: proof.map(toHex),
        tapeRoot: cutOff.tapeRoot,
    };
}

/**
 * The proof of a tape cut off before the tape index existed, from every cut-off loan of the deal, read page by page
 * (O(n) per proof, but right at any size).
 */
async function proofFromLoans(ctx: Context, dealId: string, tapeIndex: number): Promise<IndexedProof> {
    const tape = (await readEveryPage<LoanRecord>(ctx, { objectType: ABS_OBJECTS.loan, attributes: [dealId] }))
        .filter((entry) => entry.tapeIndex !== undefined)
        .sort((a, b) => a.tapeIndex! - b.tapeIndex!);
    const leafHashes = tape.map((entry) => leafHash(tapeLeaf(entry.loanId, entry.fingerprint)));
    return { leafHash: leafHashes[tapeIndex]!, proof: inclusionProof(leafHashes, tapeIndex) };
}
