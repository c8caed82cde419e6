import { errorSection } from './error-code.js';

/**
 * Errors of the evidence contracts (Evidence, Anchor, Attestation, Case). Malformed fields raise the common
 * INVALID_ARGUMENT, forbidden organisations ACCESS_DENIED, oversized batches BATCH_TOO_LARGE, resubmissions with
 * other content CONFLICT and forbidden case moves INVALID_STATE; the codes below are the evidence rules themselves.
 */
export const EVIDENCE_ERRORS = errorSection({
    EVIDENCE_NOT_FOUND: { status: 404, title: 'No evidence record has this identifier' },
    LOAN_NOT_FOUND: { status: 404, title: 'No evidence has been registered for this loan reference' },
    ANCHOR_NOT_FOUND: { status: 404, title: 'No anchor has this identifier' },
    FINGERPRINT_NOT_ANCHORED: { status: 404, title: 'The fingerprint is not in any anchor (or not in the one named)' },
    CASE_NOT_FOUND: { status: 404, title: 'No case has this identifier' },
    STAGE_NOT_PERMITTED: { status: 403, title: "The caller's organisation may not write evidence of this stage" },
    NOT_RECORD_OWNER: { status: 403, title: 'Only the organisation that wrote a record may correct or withdraw it' },
    NOT_LOAN_PARTY: { status: 403, title: "The caller is not the loan's party in the role this stage needs" },
    LOAN_PARTIES_REQUIRED: { status: 422, title: "A loan's first record must name its parties" },
    LOAN_PARTIES_MISMATCH: { status: 409, title: "The parties named differ from the loan's bound parties" },
    DUPLICATE_IN_BATCH: { status: 400, title: 'The same item appears twice in one request' },
    PREVIOUS_RECORD_UNKNOWN: { status: 422, title: 'The previous record named does not exist' },
    CHAIN_HEAD_MISMATCH: { status: 409, title: "The previous record named is not the loan's last record" },
    STAGE_PREREQUISITE_MISSING: { status: 422, title: 'The loan lacks the evidence this stage requires first' },
    CREDIT_INQUIRY_REQUIRED: {
        status: 422,
        title: "A disbursement needs the bank's logged credit inquiry under a consent bound to the loan",
    },
    CONSENT_REFERENCE_REQUIRED: { status: 422, title: 'Evidence of this stage must name the consent it relies on' },
    UNSALTED_FINGERPRINT: { status: 422, title: 'Evidence of this stage must be fingerprinted with a salt' },
    RECORD_SUPERSEDED: { status: 409, title: 'The record has already been corrected or withdrawn' },
    PACKAGE_ROOT_MISMATCH: { status: 422, title: 'The Merkle root does not match the package' },
    PACKAGE_FINGERPRINT_UNKNOWN: { status: 422, title: 'A package fingerprint is neither registered nor anchored' },
    PACKAGE_SEALED_PROOF_INVALID: {
        status: 422,
        title: 'A sealed-batch proof of the package does not lead to the sealed root at the recorded size',
    },
    PACKAGE_FOREIGN_EVIDENCE: { status: 422, title: 'A package fingerprint is evidence of another loan' },
    CASE_FORUM_INVALID: {
        status: 422,
        title: 'The organisation named as the forum holds no court or arbitration role (or not the one named)',
    },
});
