import { Type } from 'typebox';
import { jsonCall, ledgerRoute, type LedgerRoute } from '../ledger-route.js';
import { closed, Fingerprint, Hex64, Open, ShortCode } from '../schemas/common.js';
import { AttestationRecord } from '../schemas/evidence.js';
import { CaseParams } from './case-routes.js';
import { RecordParams } from './evidence-routes.js';

const AttestationWrite = Open({ created: Type.Boolean(), attestation: AttestationRecord });
const AttestationList = Open({ kind: Type.String(), id: Type.String(), attestations: Type.Array(AttestationRecord) });
const TAGS = ['attestations'];

/** Notary attestations of evidence records and case packages (`Attestation:*`). */
export const ATTESTATION_ROUTES: readonly LedgerRoute[] = [
    {
        method: 'POST',
        url: '/v1/evidence/:id/attestations',
        operationId: 'attestEvidence',
        summary: 'Attest an evidence record (notary)',
        tags: TAGS,
        transaction: 'Attestation:AttestEvidence',
        mode: 'submit',
        schema: {
            params: RecordParams,
            body: closed({ statementCode: ShortCode, documentFingerprint: Type.Optional(Fingerprint) }),
            result: AttestationWrite,
        },
    },
    ledgerRoute({
        method: 'GET',
        url: '/v1/evidence/:id/attestations',
        operationId: 'listEvidenceAttestations',
        summary: "An evidence record's attestations",
        tags: TAGS,
        transaction: 'Attestation:ListByTarget',
        mode: 'evaluate',
        schema: { params: RecordParams, result: AttestationList },
        call: jsonCall(({ params }) => ({ kind: 'EVIDENCE', id: params.id })),
    }),
    {
        method: 'POST',
        url: '/v1/cases/:caseId/attestations',
        operationId: 'attestCase',
        summary: "Attest a case's evidence package (notary)",
        tags: TAGS,
        transaction: 'Attestation:AttestCase',
        mode: 'submit',
        schema: {
            params: CaseParams,
            body: closed({
                packageRoot: Hex64,
                statementCode: ShortCode,
                documentFingerprint: Type.Optional(Fingerprint),
            }),
            result: AttestationWrite,
        },
    },
    ledgerRoute({
        method: 'GET',
        url: '/v1/cases/:caseId/attestations',
        operationId: 'listCaseAttestations',
        summary: "A case's attestations",
        tags: TAGS,
        transaction: 'Attestation:ListByTarget',
        mode: 'evaluate',
        schema: { params: CaseParams, result: AttestationList },
        call: jsonCall(({ params }) => ({ kind: 'CASE', id: params.caseId })),
    }),
];
