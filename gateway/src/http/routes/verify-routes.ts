import { createHash } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import {
    EVIDENCE_ERRORS,
    EVIDENCE_RECORD_KINDS,
    type AnchorInclusionProof,
    type AnchorLocation,
    type AnchorLocations,
    type EvidenceView,
} from '@lendledger/domain';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { READ_ROLES, type Principal } from '../../auth/principal.js';
import { ChaincodeRejectedError } from '../../fabric/ledger-errors.js';
import { callerOf } from '../plugins/authentication.js';
import { ProblemError } from '../../errors/problem-error.js';
import {
    BEARER_AUTH,
    closed,
    FingerprintString,
    Hex64,
    InclusionProofMembers,
    IsoTime,
    LoanRef,
    oneOf,
    RecordId,
    Submitter,
    withProblems,
} from '../schemas/common.js';
import { EvidenceStatus, Stage } from '../schemas/evidence.js';
import { evaluateJson, type LedgerReads } from '../../fabric/evaluate-json.js';

/** The header carrying the salt an uploaded document was fingerprinted with. */
const SALT_HEADER = 'fingerprint-salt';

const SALT_PATTERN = /^(?:[0-9a-f]{2}){1,128}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const TAGS = ['verify'];

const EvidenceSummary = Type.Object(
    {
        id: RecordId,
        // A fingerprint names a registration or a correction; a withdrawal's id is prefixed.
        kind: oneOf(EVIDENCE_RECORD_KINDS.filter((kind) => kind !== 'WITHDRAWAL')),
        loanRef: LoanRef,
        seq: Type.Integer({ minimum: 1, description: "Position in the loan's evidence chain" }),
        stage: Stage,
        evidenceType: Type.String(),
        salted: Type.Boolean(),
        status: EvidenceStatus,
        submitter: Submitter,
        txId: Type.String({ description: 'Transaction that registered the record' }),
        registeredAt: IsoTime,
        linkHash: Hex64,
        attestations: Type.Array(
            closed({ statementCode: Type.String(), notaryMspId: Type.String(), txId: Type.String(), time: IsoTime }),
        ),
    },
    { additionalProperties: false, description: 'The evidence record registered under the fingerprint' },
);

const AnchorSummary = closed({
    anchorId: Hex64,
    index: Type.Integer({ minimum: 0, description: 'Leaf index of the fingerprint in the anchor' }),
    size: Type.Integer({ minimum: 1 }),
    txId: Type.String(),
    anchoredAt: IsoTime,
});

const InclusionProof = Type.Object(InclusionProofMembers, {
    additionalProperties: false,
    description:
        'RFC 9162 inclusion proof in the earliest anchor: verifyInclusion(fingerprintLeafHash(fingerprint), index, treeSize, auditPath, root)',
});

const VerifyResult = closed({
    fingerprint: FingerprintString,
    found: Type.Boolean({ description: 'True when the fingerprint is registered as evidence or anchored' }),
    evidence: Type.Optional(EvidenceSummary),
    anchors: Type.Array(AnchorSummary, { description: 'Every anchor holding the fingerprint, earliest first' }),
    proof: Type.Optional(InclusionProof),
    upload: Type.Optional(
        Type.Object(
            { bytes: Type.Integer({ minimum: 0 }), salted: Type.Boolean() },
            { additionalProperties: false, description: 'What was hashed (POST only)' },
        ),
    ),
});

/** The answer of both verify operations. */
type VerifyAnswer = Static<typeof VerifyResult>;

/** What the hashing body parser leaves in `request.body`. */
class UploadDigest {
    constructor(
        readonly fingerprint: string,
        readonly bytes: number,
        readonly salted: boolean,
    ) {}
}

const LOOKUP = `Looks the fingerprint up as an evidence record (\`Evidence:Get\`) and in Merkle anchors
(\`Anchor:FindByFingerprint\`, with the inclusion proof in the earliest anchor from \`Anchor:GetProof\`). A fingerprint
that is neither registered nor anchored is \`200\` with \`found: false\`.`;

/** What the verify routes need: the ledger reads and the largest document the gateway hashes. */
export interface VerifyRoutesOptions {
    readonly reads: LedgerReads;
    readonly uploadLimitBytes: number;
}

/**
 * `GET /v1/verify/{fingerprint}` and `POST /v1/verify` (the document itself, hashed as it streams in): whether and
 * where a document is on the ledger, for the organisation's readers.
 */
export async function verifyRoutes(
    scope: FastifyInstance,
    { reads, uploadLimitBytes }: VerifyRoutesOptions,
): Promise<void> {
    const responses = withProblems(VerifyResult);
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/verify/:fingerprint',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'verifyFingerprint',
                summary: 'Whether and where a fingerprint is on the ledger',
                description: `${LOOKUP}\n\nRoles: ${READ_ROLES.join(', ')}.`,
                tags: TAGS,
                security: BEARER_AUTH,
                params: closed({ fingerprint: FingerprintString }),
                response: responses,
            },
        },
        async (request) => {
            return lookUp(request.params.fingerprint, callerOf(request), reads);
        },
    );
    // The hashing parser replaces every parser, so it lives in a scope of its own.
    void scope.register(async (uploads) => {
        uploads.removeAllContentTypeParsers();
        uploads.addContentTypeParser('*', (request, payload, done) => {
            hashUpload(request, payload, uploadLimitBytes).then(
                (digest) => done(null, digest),
                (error: Error) => done(error),
            );
        });
        uploads.post(
            '/v1/verify',
            {
                config: { roles: READ_ROLES },
                bodyLimit: uploadLimitBytes,
                schema: {
                    operationId: 'verifyDocument',
                    summary: 'Whether and where an uploaded document is on the ledger',
                    description: `The request body is the document itself, in any non-JSON media type (e.g.
\`application/octet-stream\`). The gateway hashes it as it streams in and never stores it: the fingerprint is
\`sha256:\` + hex SHA-256(salt ‖ document). Evidence fingerprints are salted by their owner (the salt stays
off-chain), so send the salt, as hex, in the \`Fingerprint-Salt\` header (a header rather than a query parameter, so it
is not written to access logs); without it the document is hashed alone. Larger than
\`limits.uploadLimitBytes\`: 413 \`PAYLOAD_TOO_LARGE\`.

${LOOKUP}\n\nRoles: ${READ_ROLES.join(', ')}.`,
                    tags: TAGS,
                    security: BEARER_AUTH,
                    headers: Type.Object(
                        {
                            [SALT_HEADER]: Type.Optional(
                                Type.String({
                                    pattern: SALT_PATTERN.source,
                                    description: 'Hex salt prepended to the document before hashing',
                                }),
                            ),
                        },
                        { additionalProperties: true },
                    ),
                    response: responses,
                },
            },
            async (request) => {
                const digest = request.body;
                if (!(digest instanceof UploadDigest)) {
                    throw new ProblemError('MALFORMED_REQUEST', 'send the document as the request body');
                }
                const answer = await lookUp(digest.fingerprint, callerOf(request), reads);
                return { ...answer, upload: { bytes: digest.bytes, salted: digest.salted } };
            },
        );
    });
}

/**
 * SHA-256 of the salt and the request body, computed chunk by chunk, refusing a body over `limit` bytes as soon as
 * it is known to be one.
 */
async function hashUpload(request: FastifyRequest, payload: IncomingMessage, limit: number): Promise<UploadDigest> {
    const type = request.headers['content-type'] ?? '';
    if (JSON_MEDIA_TYPE.test(type)) {
        throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'send the document itself, e.g. as application/octet-stream');
    }
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
        throw tooLarge(limit);
    }
    const salt = saltOf(request);
    const hash = createHash('sha256');
    if (salt) {
        hash.update(salt);
    }
    return await new Promise((resolve, reject) => {
        let bytes = 0;
        const stop = (): void => {
            payload.off('data', onData);
            payload.off('end', onEnd);
            payload.off('error', onError);
        };
        const onData = (chunk: Buffer): void => {
            bytes += chunk.length;
            if (bytes > limit) {
                stop();
                reject(tooLarge(limit));
                return;
            }
            hash.update(chunk);
        };
        const onEnd = (): void => {
            stop();
            resolve(new UploadDigest(`sha256:${hash.digest('hex')}`, bytes, salt !== undefined));
        };
        const onError = (error: Error): void => {
            stop();
            reject(error);
        };
        payload.on('data', onData);
        payload.on('end', onEnd);
        payload.on('error', onError);
    });
}

function saltOf(request: FastifyRequest): Buffer | undefined {
    const header = request.headers[SALT_HEADER];
    if (header === undefined) {
        return undefined;
    }
    if (typeof header !== 'string' || !SALT_PATTERN.test(header)) {
        throw new ProblemError('VALIDATION_FAILED', `${SALT_HEADER} must be 2 to 256 lower-case hex digits`, {
            fields: { errors: [{ in: 'headers', path: `/${SALT_HEADER}`, message: 'must be lower-case hex' }] },
        });
    }
    return Buffer.from(header, 'hex');
}

function tooLarge(limit: number): ProblemError {
    // Closing the connection spares reading the rest of a body that will never be used.
    return new ProblemError('PAYLOAD_TOO_LARGE', `documents of at most ${limit} bytes can be verified`, {
        fields: { limitBytes: limit },
        headers: { connection: 'close' },
    });
}

async function lookUp(fingerprint: string, principal: Principal, reads: LedgerReads): Promise<VerifyAnswer> {
    const evaluate = <T>(name: string, request: Record<string, unknown>): Promise<T> =>
        evaluateJson<T>(reads, principal.subject, name, request);
    const [view, located] = await Promise.all([
        evaluate<EvidenceView>('Evidence:Get', { id: fingerprint }).catch(
            absentWhen(EVIDENCE_ERRORS.EVIDENCE_NOT_FOUND.code),
        ),
        evaluate<AnchorLocations>('Anchor:FindByFingerprint', { fingerprint }),
    ]);
    const earliest = located.anchors[0];
    const proof = earliest
        ? await evaluate<AnchorInclusionProof>('Anchor:GetProof', { fingerprint, anchorId: earliest.anchorId })
        : undefined;
    const evidence = view && evidenceSummary(view);
    return {
        fingerprint,
        found: view !== undefined || earliest !== undefined,
        ...(evidence ? { evidence } : {}),
        anchors: located.anchors.map(anchorSummary),
        ...(proof ? { proof: proofSummary(proof) } : {}),
    };
}

/** Turns the chaincode's refusal with `code` into "absent"; other errors pass. */
function absentWhen(code: string): (error: unknown) => undefined {
    return (error) => {
        if (error instanceof ChaincodeRejectedError && error.code === code) {
            return undefined;
        }
        throw error;
    };
}

function evidenceSummary({ record, status, attestations }: EvidenceView): Static<typeof EvidenceSummary> | undefined {
    // A fingerprint names a registration or a correction; a withdrawal's id is prefixed, so it never answers one.
    if (record.kind === 'WITHDRAWAL') {
        return undefined;
    }
    return {
        id: record.id,
        kind: record.kind,
        loanRef: record.loanRef,
        seq: record.seq,
        stage: record.stage,
        evidenceType: record.evidenceType,
        salted: record.salted,
        status,
        submitter: record.submitter,
        txId: record.txId,
        registeredAt: record.time,
        linkHash: record.linkHash,
        attestations: attestations.map((attestation) => ({
            statementCode: attestation.statementCode,
            notaryMspId: attestation.notary.mspId,
            txId: attestation.txId,
            time: attestation.time,
        })),
    };
}

function anchorSummary(location: AnchorLocation): Static<typeof AnchorSummary> {
    return {
        anchorId: location.anchorId,
        index: location.index,
        size: location.size,
        txId: location.txId,
        anchoredAt: location.time,
    };
}

function proofSummary(proof: AnchorInclusionProof): Static<typeof InclusionProof> {
    const { anchorId, index, treeSize, leafHash, auditPath, root } = proof;
    return { anchorId, index, treeSize, leafHash, auditPath, root };
}
