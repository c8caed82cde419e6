import { type CheckName } from '../checks/check-result.js';

/** The four things a court examines about electronic evidence (see docs: research/evidence-anchors.md). */
export type CourtQuestion = 'creation' | 'integrity' | 'witnesses' | 'method';

/** Each question in the words the report uses, and the receipt checks that answer it. */
export const COURT_QUESTIONS: Readonly<
    Record<CourtQuestion, { readonly question: string; readonly checks: readonly CheckName[] }>
> = Object.freeze({
    creation: {
        question: 'Who wrote the record, and when?',
        checks: ['creator-signature', 'transaction-id', 'certificate-chains', 'chaincode', 'trusted-time', 'summary'],
    },
    integrity: {
        question: 'Has the record changed since it was written?',
        checks: [
            'document-hash',
            'inclusion-proof',
            'fingerprint-written',
            'transaction-in-block',
            'block-data-hash',
            'validation-flag',
            'validity-witness',
            'orderer-signature',
        ],
    },
    witnesses: {
        question: 'Which independent organisations witnessed the write?',
        checks: [
            'endorsement-signatures',
            'endorsement-policy',
            'validity-witness',
            'orderer-signature',
            'certificate-chains',
        ],
    },
    method: {
        question: 'How was it verified, and can anyone repeat the verification?',
        checks: ['receipt-format', 'channel', 'chaincode', 'certificate-chains'],
    },
});
