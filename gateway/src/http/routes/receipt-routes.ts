import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { normaliseFingerprint } from '@lendledger/domain';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { type ReceiptKind, type ReceiptService } from '../../receipts/receipt-service.js';
import { callerOf } from '../plugins/authentication.js';
import { BEARER_AUTH, closed, Fingerprint, HEX64_PATTERN, Open, withProblems } from '../schemas/common.js';

/** A receipt as the receipt routes answer it (the verifier reads it strictly). */
export const ReceiptDocument = Open(
    {
        format: Type.Literal('lendledger-receipt/2'),
        fingerprint: Type.String(),
        channel: Type.String(),
        chaincode: Type.String(),
        transaction: Open({ id: Type.String(), index: Type.Integer() }),
        write: Open({ key: Type.String(), member: Type.String() }),
        anchor: Type.Optional(Open({})),
        block: Open({ number: Type.Integer(), bytes: Type.String({ description: 'Serialized common.Block, base64' }) }),
        witness: Open({
            envelope: Type.String({
                description: 'Endorsed, never submitted Witness:Read of write.key: common.Envelope, base64',
            }),
        }),
        summary: Open({ statement: Type.String() }),
    },
    'A self-contained receipt; check it offline with `lendledger-verify` (verifier/README.md)',
);

const ROUTES: readonly { url: string; kind?: ReceiptKind; operationId: string; summary: string }[] = [
    {
        url: '/v1/evidence/:fingerprint/receipt',
        kind: 'evidence',
        operationId: 'getEvidenceReceipt',
        summary: 'Receipt of an evidence record: its transaction, endorsements and block, checkable offline',
    },
    {
        url: '/v1/fingerprints/:fingerprint/receipt',
        operationId: 'getFingerprintReceipt',
        summary: 'Receipt of a fingerprint: its own evidence record, or else the anchor whose Merkle tree holds it',
    },
];

/** What the receipt routes need: the service that assembles receipts. */
export interface ReceiptRoutesOptions {
    readonly receipts: Pick<ReceiptService, 'forFingerprint'>;
}

/** Receipt endpoints: any of the organisation's users may fetch the receipt of any fingerprint on the ledger. */
export async function receiptRoutes(scope: FastifyInstance, { receipts }: ReceiptRoutesOptions): Promise<void> {
    for (const route of ROUTES) {
        scope.withTypeProvider<TypeBoxTypeProvider>().get(
            route.url,
            {
                config: { roles: READ_ROLES },
                schema: {
                    operationId: route.operationId,
                    summary: route.summary,
                    tags: ['receipts'],
                    security: BEARER_AUTH,
                    params: closed({ fingerprint: Fingerprint }),
                    querystring: closed({
                        sealedBatch: Type.Optional(
                            Type.String({
                                pattern: HEX64_PATTERN,
                                description:
                                    'Root of the sealed batch holding the fingerprint (from its proof bundle or the ' +
                                    "case): fetched from the sealer's gateway when this gateway holds no copy",
                            }),
                        ),
                    }),
                    response: withProblems(ReceiptDocument),
                },
            },
            async (request) => {
                // A path parameter is text, so always the canonical string form of the schema's union.
                const fingerprint = normaliseFingerprint(request.params.fingerprint);
                // A sealed batch holds fingerprints, not evidence records: the evidence route ignores it.
                const sealedBatch = route.kind === 'evidence' ? undefined : request.query.sealedBatch;
                return receipts.forFingerprint(
                    callerOf(request).subject,
                    fingerprint,
                    route.kind,
                    undefined,
                    sealedBatch,
                );
            },
        );
    }
}
