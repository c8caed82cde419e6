import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normaliseFingerprint } from '@lendledger/domain';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { WRITE_ROLES } from '../../auth/principal.js';
import { type NotaryReports } from '../../notary/notary-reports.js';
import { callerOf } from '../plugins/authentication.js';
import { ProblemError } from '../../errors/problem-error.js';
import { BEARER_AUTH, CaseId, closed, Fingerprint, Hex64, Open, withProblems } from '../schemas/common.js';

const IssuedReport = closed({
    reportId: Type.String(),
    verdict: Type.String({ description: 'verified when every check of every receipt passed' }),
    jws: Type.String({ description: 'Compact JWS (ES256, x5c) over the canonical JSON of the payload' }),
    payload: Open({}, 'The signed report: per fingerprint, what a court examines and the checks behind it'),
    pdf: Type.String({ description: 'The report as a PDF for people, base64' }),
    timestamp: Type.Optional(
        closed({
            token: Type.String({
                description: 'RFC 3161 time-stamp token (DER, base64) over SHA-256 of the compact JWS',
            }),
        }),
    ),
});

/** What the notary route needs: the report issuer and the most fingerprints one report may cover. */
export interface NotaryRoutesOptions {
    readonly reports: Pick<NotaryReports, 'issue'>;
    readonly maxFingerprints: number;
}

/**
 * `POST /v1/notary/reports`, on the Notary's gateway only (registered when `notary.*` is configured): verifies the
 * receipts of a set of fingerprints or of a case's evidence package and issues a signed report with its PDF.
 * Check it offline with `lendledger-verify-report <report.jws> --roots <roots.json>`.
 */
export async function notaryRoutes(
    scope: FastifyInstance,
    { reports, maxFingerprints }: NotaryRoutesOptions,
): Promise<void> {
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
        '/v1/notary/reports',
        {
            config: { roles: WRITE_ROLES },
            schema: {
                operationId: 'issueNotaryReport',
                summary: 'Verify the receipts of fingerprints or of a case and issue a signed notary report',
                tags: ['notary'],
                security: BEARER_AUTH,
                body: Type.Object(
                    {
                        fingerprints: Type.Optional(
                            Type.Array(Fingerprint, { minItems: 1, maxItems: maxFingerprints }),
                        ),
                        caseId: Type.Optional(CaseId),
                        sealedBatches: Type.Optional(
                            Type.Array(Hex64, {
                                minItems: 1,
                                maxItems: maxFingerprints,
                                description:
                                    'With fingerprints: roots of sealed batches holding some of them, fetched from ' +
                                    "their sealers' gateways when not held here (a case names its own)",
                            }),
                        ),
                    },
                    { additionalProperties: false, description: 'Exactly one of fingerprints and caseId' },
                ),
                response: withProblems(IssuedReport),
            },
        },
        async (request) => {
            const { body } = request;
            if (
                (body.fingerprints === undefined) === (body.caseId === undefined) ||
                (body.sealedBatches !== undefined && body.caseId !== undefined)
            ) {
                throw new ProblemError('VALIDATION_FAILED', 'give exactly one of fingerprints and caseId', {
                    fields: { errors: [{ in: 'body', path: '', message: 'exactly one of fingerprints, caseId' }] },
                });
            }
            // A fingerprint may come as `{ algorithm, digest }`; the reports work with the canonical string.
            const fingerprints = body.fingerprints?.map((fingerprint) => normaliseFingerprint(fingerprint));
            return reports.issue(callerOf(request).subject, { ...body, fingerprints });
        },
    );
}
