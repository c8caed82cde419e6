import {
    checkTapeExport,
    checkTapePage,
    type TapeAnchor,
    type TapePage,
    type TapePageVerification,
} from '@lendledger/domain';
import { sha256 } from '../crypto/sha256.js';

/**
 * Checks one page of an ABS loan-tape export (`AbsPool:ExportTape`, `GET /v1/abs/deals/{dealId}/pool/tape`) offline
 * against the cut-off tape root the reader trusts: the page's loans are exactly those of its range of the tape, in
 * order, and each loan's amounts hash to its public `amountsDigest`. What a page does not prove is listed in
 * `TAPE_PAGE_UNPROVEN_LOAN_FIELDS` of the domain.
 *
 * @example verifyTapePage(page, { dealId, tapeRoot: pool.cutOff.tapeRoot, tapeSize: pool.cutOff.tapeSize }).ok
 */
export function verifyTapePage(page: TapePage, anchor: TapeAnchor): TapePageVerification {
    return checkTapePage(page, anchor, sha256);
}

/** Checks a whole export: each page as {@link verifyTapePage}, and that the pages cover the tape once, in order. */
export function verifyTapeExport(pages: readonly TapePage[], anchor: TapeAnchor): TapePageVerification {
    return checkTapeExport(pages, anchor, sha256);
}
