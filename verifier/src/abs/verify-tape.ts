import {
    checkTapeExport,
    checkTapePage,
    type TapeAnchor,
    type TapeExportVerification,
    type TapePage,
    type TapePageVerification,
} from '@lendledger/domain';
import { sha256 } from '../crypto/sha256.js';

/**
 * Checks one page of an ABS loan-tape export (`AbsPool:ExportTape`, `GET /v1/abs/deals/{dealId}/pool/tape`) offline
 * against the cut-off tape root and size the reader trusts (`AbsPool:GetPool`'s `cutOff`). Proved: the page's
 * entries are exactly the loans of its range of the tape, in order, each with the loan ID and fingerprint of its
 * tape leaf. Not proved: the private amounts and `amountsDigest` (the result's `amountsProved` is always false: a
 * relay can change an amount and recompute the digest) and the other fields of `TAPE_PAGE_UNPROVEN_LOAN_FIELDS`;
 * they are as good as the peer that answered. That amounts hash to their page's digest is checked for
 * consistency only.
 *
 * @example verifyTapePage(page, { dealId, tapeRoot: pool.cutOff.tapeRoot, tapeSize: pool.cutOff.tapeSize }).ok
 */
export function verifyTapePage(page: TapePage, anchor: TapeAnchor): TapePageVerification {
    return checkTapePage(page, anchor, sha256);
}

/**
 * Checks a whole export: each page as {@link verifyTapePage}, and that the pages cover the tape once, in order. With
 * `anchor.originalPrincipal` (GetPool's `cutOff.originalPrincipal`, trusted as the root is), the loans' original
 * principals must also sum to it (`TAPE_EXPORT_TOTAL`): the one check of amounts against the ledger, and only of
 * their sum.
 */
export function verifyTapeExport(pages: readonly TapePage[], anchor: TapeAnchor): TapeExportVerification {
    return checkTapeExport(pages, anchor, sha256);
}
