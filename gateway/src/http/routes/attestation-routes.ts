import { Type } from 'typebox';
import { jsonCall, type LedgerRoute } from '../ledger-route.js';
import { CaseId, Fingerprint, Hex64, Open, RecordId, ShortCode } from '../schemas/common.js';
import { AttestationRecord } from '../schemas/evidence.js';

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
            params: Type.Object({ id: RecordId }, { additionalProperties: false }),
            body: Type.Object(
                { statementCode: ShortCode, documentFingerprint: Type.Optional(Fingerprint) },
                { additionalProperties: false },
            ),
            result: AttestationWrite,
        },
    },
    {
        method: 'GET',
        url: '/v1/evidence/:id/attestations',
        operationId: 'listEvidenceAttestations',
        summary: "An evidence record's attestations",
        tags: TAGS,
        transaction: 'Attestation:ListByTarget',
        mode: 'evaluate',
        schema: { params: Type.Object({ id: RecordId }, { additionalProperties: false }), result: AttestationList },
        call: jsonCall(({ params }) => ({ kind: 'EVIDENCE', id: params.id })),
    },
    {
        method: 'POST',
        url: '/v1/cases/:caseId/attestations',
        operationId: 'attestCase',
        summary: "Attest a case's evidence package (notary)",
        tags: TAGS,
        transaction: 'Attestation:AttestCase',
        mode: 'submit',
        schema: {
            params: Type.Object({ caseId: CaseId }, { additionalProperties: false }),
            body: Type.Object(
                { packageRoot: Hex64, statementCode: ShortCode, documentFingerprint: Type.Optional(Fingerprint) },
                { additionalProperties: false },
            ),
            result: AttestationWrite,
        },
    },
    {
        method: 'GET',
        url: '/v1/cases/:caseId/attestations',
        operationId: 'listCaseAttestations',
        summary: "A case's attestations",
        tags: TAGS,
        transaction: 'Attestation:ListByTarget',
        mode: 'evaluate',
        schema: { params: Type.Object({ caseId: CaseId }, { additionalProperties: false }), result: AttestationList },
        call: jsonCall(({ params }) => ({ kind: 'CASE', id: params.caseId })),
    },
];
