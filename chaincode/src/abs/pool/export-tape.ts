import {
    ABS_ERRORS,
    COMMON_ERRORS,
    type DealRecord,
    DEFAULT_TAPE_PAGE_SIZE,
    isTapePageSize,
    MAX_TAPE_PAGE_SIZE,
    nextTapePageIndex,
    tapeLeaf,
    type TapePage,
    type TapePageEntry,
    tapePageLength,
    TAPE_PAGE_SIZES,
    bytesEqual,
    toHex,
} from '@lendledger/domain';
import { leafHash } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { type Fields, flag, integer } from '../../core/request-fields.js';
import { dealIdOf } from '../fields.js';
import { readCutOff, readLoan, readLoanAmounts } from './pool-store.js';
import { indexedTapePage, tapeIsIndexed } from './tape-index.js';

/** The request of `AbsPool:ExportTape`. */
export interface ExportTapeRequest {
    readonly dealId: string;
    /** Tape index of the page's first loan, a multiple of `pageSize` (0 when absent). */
    readonly fromIndex: number;
    /** One of `TAPE_PAGE_SIZES` (`DEFAULT_TAPE_PAGE_SIZE` when absent). */
    readonly pageSize: number;
    /** Whether to join each loan's private amounts (true when absent), as `GetLoanAmounts` reads them. */
    readonly withAmounts: boolean;
}

/** Parses an ExportTape request; the page's place in the tape is checked once the tape's size is read. */
export function parseExportTape(fields: Fields): ExportTapeRequest {
    const pageSize =
        fields.pageSize === undefined
            ? DEFAULT_TAPE_PAGE_SIZE
            : integer(fields, 'pageSize', { min: 1, max: MAX_TAPE_PAGE_SIZE });
    if (!isTapePageSize(pageSize)) {
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_ARGUMENT,
            `pageSize must be one of ${TAPE_PAGE_SIZES.join(', ')}: pages are aligned subtrees of the tape`,
            { field: 'pageSize', allowed: TAPE_PAGE_SIZES.join(',') },
        );
    }
    return {
        dealId: dealIdOf(fields),
        fromIndex: fields.fromIndex === undefined ? 0 : integer(fields, 'fromIndex', { min: 0 }),
        pageSize,
        withAmounts: fields.withAmounts === undefined ? true : flag(fields, 'withAmounts'),
    };
}

/**
 * One page of the cut-off tape in tape order, with each loan's public record, its private amounts when asked for,
 * and the inclusion proof of the page's root (see `TapePage` in the domain). Reads the page's blocks of the tape
 * index, its loans (and their amounts from this peer's copy), and O(log n) index nodes: never a range query, so it
 * works at any tape size under any `totalQueryLimit`.
 *
 * @throws ChaincodeError ABS_DEAL_STATE before cut-off; INVALID_ARGUMENT (field `fromIndex`) for an index that is
 * not the start of a page of the tape; ABS_TAPE_NOT_EXPORTABLE for a tape indexed before blocks named their loans;
 * ABS_PRIVATE_DATA_UNAVAILABLE / ABS_PRIVATE_DATA_MISMATCH as `GetLoanAmounts` for the amounts.
 */
export async function exportTape(ctx: Context, deal: DealRecord, request: ExportTapeRequest): Promise<TapePage> {
    const { dealId } = deal;
    const { fromIndex, pageSize, withAmounts } = request;
    const cutOff = await readCutOff(ctx, dealId);
    if (cutOff === undefined) {
        throw new ChaincodeError(ABS_ERRORS.ABS_DEAL_STATE, `the pool of deal ${dealId} is not cut off yet`, {
            dealId,
        });
    }
    const { tapeSize } = cutOff;
    if (fromIndex % pageSize !== 0 || fromIndex >= tapeSize) {
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_ARGUMENT,
            `fromIndex ${fromIndex} is not the start of a page of ${pageSize} in a tape of ${tapeSize} loans`,
            { field: 'fromIndex', pageSize, tapeSize },
        );
    }
    if (!(await tapeIsIndexed(ctx, dealId, tapeSize))) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_TAPE_NOT_EXPORTABLE,
            `the tape of deal ${dealId} was written before the tape index existed`,
            { dealId },
        );
    }
    const end = fromIndex + tapePageLength(tapeSize, pageSize, fromIndex);
    const range = await indexedTapePage(ctx, dealId, tapeSize, fromIndex, end);
    const entries: TapePageEntry[] = [];
    for (const [i, loanId] of range.loanIds.entries()) {
        const loan = await readLoan(ctx, dealId, loanId);
        // The index and the loans are written by the same transactions; a difference is the ledger's fault.
        if (
            loan.tapeIndex !== fromIndex + i ||
            !bytesEqual(leafHash(tapeLeaf(loanId, loan.fingerprint)), range.leafHashes[i]!)
        ) {
            throw new Error(`the tape index of deal ${dealId} and loan ${loanId} disagree at ${fromIndex + i}`);
        }
        entries.push(withAmounts ? { loan, amounts: await readLoanAmounts(ctx, deal, loan) } : { loan });
    }
    return {
        dealId,
        tapeRoot: cutOff.tapeRoot,
        tapeSize,
        pageSize,
        fromIndex,
        withAmounts,
        entries,
        proof: range.proof.map(toHex),
        nextIndex: nextTapePageIndex(tapeSize, pageSize, fromIndex),
    };
}
