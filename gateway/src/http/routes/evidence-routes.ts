import { type Static } from 'typebox';
import { jsonCall, ledgerRoute, type LedgerRoute, type RouteInput } from '../ledger-route.js';
import { closed, LoanRef, Page, PageOnly, RecordId } from '../schemas/common.js';
import {
    ChainView,
    CorrectEvidence,
    EvidenceBatchResult,
    EvidenceHistory,
    EvidenceRecord,
    EvidenceView,
    EvidenceWriteResult,
    LoanHead,
    RegisterEvidence,
    RegisterEvidenceBatch,
    WithdrawEvidence,
} from '../schemas/evidence.js';

/** The path parameters of a route about one evidence record. */
export const RecordParams = closed({ id: RecordId });
const LoanParams = closed({ loanRef: LoanRef });
const TAGS = ['evidence'];

/** Corrections and withdrawals name their target in the path; the chaincode calls it `target`. */
const targetOf = jsonCall(({ params, body }: RouteInput<Static<typeof RecordParams>, unknown, object>) => ({
    ...body,
    target: params.id,
}));

/** Evidence records of loans (`Evidence:*`). A record's id is its fingerprint (or `withdrawal:<fingerprint>`). */
export const EVIDENCE_ROUTES: readonly LedgerRoute[] = [
    {
        method: 'POST',
        url: '/v1/evidence',
        operationId: 'registerEvidence',
        summary: "Register a document's fingerprint on a loan's evidence chain",
        description: 'Re-registering the same content answers the stored record with `created: false`.',
        tags: TAGS,
        transaction: 'Evidence:Register',
        mode: 'submit',
        schema: { body: RegisterEvidence, result: EvidenceWriteResult },
    },
    ledgerRoute({
        method: 'POST',
        url: '/v1/evidence/batch',
        operationId: 'registerEvidenceBatch',
        summary: 'Register many fingerprints; large batches are accepted as a job (202)',
        tags: TAGS,
        transaction: 'Evidence:RegisterBatch',
        mode: 'submit',
        schema: { body: RegisterEvidenceBatch, result: EvidenceBatchResult },
        job: {
            area: 'evidence',
            items: ({ body }) => body.items,
            request: (_input, items) => ({ items }),
        },
    }),
    {
        method: 'GET',
        url: '/v1/evidence/:id',
        operationId: 'getEvidence',
        summary: 'A record by id or fingerprint, with its status and attestations',
        tags: TAGS,
        transaction: 'Evidence:Get',
        mode: 'evaluate',
        schema: { params: RecordParams, result: EvidenceView },
    },
    {
        method: 'GET',
        url: '/v1/evidence/:id/history',
        operationId: 'getEvidenceHistory',
        summary: "Every committed version of a record's keys",
        tags: TAGS,
        transaction: 'Evidence:History',
        mode: 'evaluate',
        schema: { params: RecordParams, result: EvidenceHistory },
    },
    {
        method: 'POST',
        url: '/v1/evidence/:id/corrections',
        operationId: 'correctEvidence',
        summary: 'Replace a record by a corrected document (a new CORRECTION record)',
        tags: TAGS,
        transaction: 'Evidence:Correct',
        mode: 'submit',
        schema: { params: RecordParams, body: CorrectEvidence, result: EvidenceWriteResult },
        call: targetOf,
    },
    {
        method: 'POST',
        url: '/v1/evidence/:id/withdrawals',
        operationId: 'withdrawEvidence',
        summary: 'Withdraw a record (a new WITHDRAWAL record)',
        tags: TAGS,
        transaction: 'Evidence:Withdraw',
        mode: 'submit',
        schema: { params: RecordParams, body: WithdrawEvidence, result: EvidenceWriteResult },
        call: targetOf,
    },
    {
        method: 'GET',
        url: '/v1/loans/:loanRef',
        operationId: 'getLoan',
        summary: "A loan's head: length, last record, current stages",
        tags: TAGS,
        transaction: 'Evidence:GetLoan',
        mode: 'evaluate',
        schema: { params: LoanParams, result: LoanHead },
    },
    {
        method: 'GET',
        url: '/v1/loans/:loanRef/chain',
        operationId: 'getLoanChain',
        summary: "A loan's whole chain with its integrity and completeness check",
        tags: TAGS,
        transaction: 'Evidence:GetChain',
        mode: 'evaluate',
        schema: { params: LoanParams, result: ChainView },
    },
    {
        method: 'GET',
        url: '/v1/loans/:loanRef/evidence',
        operationId: 'listLoanEvidence',
        summary: "One page of a loan's records in chain order",
        tags: TAGS,
        transaction: 'Evidence:ListByLoan',
        mode: 'evaluate',
        schema: { params: LoanParams, querystring: PageOnly, result: Page(EvidenceRecord) },
    },
];
