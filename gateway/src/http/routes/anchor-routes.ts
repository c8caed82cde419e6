import { Type } from 'typebox';
import { jsonCall, ledgerRoute, type LedgerRoute } from '../ledger-route.js';
import {
    AnchorLocation,
    closed,
    Fingerprint,
    FingerprintString,
    Hex64,
    InclusionProofMembers,
    IsoTime,
    Open,
    Page,
    PageOnly,
    Submitter,
} from '../schemas/common.js';

const AnchorRecord = Open({
    anchorId: Hex64,
    root: Hex64,
    size: Type.Integer({ minimum: 1 }),
    chunkSize: Type.Integer(),
    chunkRoots: Type.Array(Hex64),
    leafEncoding: Type.String(),
    treeAlgorithm: Type.String(),
    submitter: Submitter,
    txId: Type.String(),
    time: IsoTime,
});

const InclusionProof = Open({
    fingerprint: FingerprintString,
    ...InclusionProofMembers,
    txId: Type.String(),
    time: IsoTime,
});

const AnchorLocations = Open({
    fingerprint: FingerprintString,
    anchors: Type.Array(AnchorLocation),
});

/** The ledger's record of a sealed batch: root and size only, the leaves stay with the sealer's gateway. */
const SealedBatchRecord = Open({
    anchorId: Hex64,
    root: Hex64,
    size: Type.Integer({ minimum: 1 }),
    leaves: Type.Literal('OFF_LEDGER'),
    leafEncoding: Type.String(),
    treeAlgorithm: Type.String(),
    submitter: Submitter,
    txId: Type.String(),
    time: IsoTime,
});

const AnchorParams = closed({ anchorId: Hex64 });
const FingerprintParams = closed({ fingerprint: FingerprintString });
const TAGS = ['anchors'];

/** Merkle anchors of fingerprint batches (`Anchor:*`). */
export const ANCHOR_ROUTES: readonly LedgerRoute[] = [
    ledgerRoute({
        method: 'POST',
        url: '/v1/anchors',
        operationId: 'createAnchor',
        summary: 'Anchor a batch of fingerprints in one RFC 9162 Merkle tree',
        description:
            'Up to the job threshold (default 20,000) the fingerprints become one anchor in one transaction. A ' +
            'larger list is accepted as a job (202) that anchors it in consecutive trees of at most the chunk size.',
        tags: TAGS,
        transaction: 'Anchor:Create',
        mode: 'submit',
        schema: {
            body: closed({ fingerprints: Type.Array(Fingerprint, { minItems: 1, maxItems: 400_000 }) }),
            result: Open({ created: Type.Boolean(), anchor: AnchorRecord }),
        },
        job: {
            area: 'anchor',
            items: ({ body }) => body.fingerprints,
            request: (_input, fingerprints) => ({ fingerprints }),
        },
    }),
    {
        method: 'GET',
        url: '/v1/anchors',
        operationId: 'listAnchors',
        summary: 'One page of anchors in identifier order',
        tags: TAGS,
        transaction: 'Anchor:List',
        mode: 'evaluate',
        schema: { querystring: PageOnly, result: Page(AnchorRecord) },
    },
    {
        method: 'GET',
        url: '/v1/anchors/:anchorId',
        operationId: 'getAnchor',
        summary: "An anchor's head: root, size, chunk roots, submitter",
        tags: TAGS,
        transaction: 'Anchor:Get',
        mode: 'evaluate',
        schema: { params: AnchorParams, result: AnchorRecord },
    },
    {
        method: 'GET',
        url: '/v1/anchors/sealed/:root',
        operationId: 'getSealedBatch',
        summary: "A sealed batch's ledger record: root, size, sealer (submitter), transaction and time",
        description: 'What every proof of the seal proof bundle is checked against: the root at exactly this size.',
        tags: TAGS,
        transaction: 'Anchor:GetSealed',
        mode: 'evaluate',
        schema: { params: closed({ root: Hex64 }), result: SealedBatchRecord },
    },
    {
        method: 'GET',
        url: '/v1/anchors/:anchorId/leaves/:chunk',
        operationId: 'getAnchorLeaves',
        summary: "One chunk (1024 leaves) of an anchor's fingerprints",
        tags: TAGS,
        transaction: 'Anchor:GetLeaves',
        mode: 'evaluate',
        schema: {
            params: closed({ anchorId: Hex64, chunk: Type.Integer({ minimum: 0 }) }),
            result: Open({
                anchorId: Hex64,
                chunk: Type.Integer(),
                firstIndex: Type.Integer(),
                leaves: Type.Array(FingerprintString),
            }),
        },
    },
    {
        method: 'GET',
        url: '/v1/anchors/:anchorId/proofs/:fingerprint',
        operationId: 'getAnchorProof',
        summary: 'Inclusion proof of a fingerprint in this anchor',
        tags: TAGS,
        transaction: 'Anchor:GetProof',
        mode: 'evaluate',
        schema: {
            params: closed({ anchorId: Hex64, fingerprint: FingerprintString }),
            result: InclusionProof,
        },
    },
    {
        method: 'GET',
        url: '/v1/fingerprints/:fingerprint/anchors',
        operationId: 'findAnchorsOfFingerprint',
        summary: 'Every anchor holding a fingerprint, earliest first',
        tags: TAGS,
        transaction: 'Anchor:FindByFingerprint',
        mode: 'evaluate',
        schema: { params: FingerprintParams, result: AnchorLocations },
    },
    ledgerRoute({
        method: 'GET',
        url: '/v1/fingerprints/:fingerprint/proof',
        operationId: 'getFingerprintProof',
        summary: 'Inclusion proof of a fingerprint in the earliest anchor holding it',
        tags: TAGS,
        transaction: 'Anchor:GetProof',
        mode: 'evaluate',
        schema: { params: FingerprintParams, result: InclusionProof },
        call: jsonCall(({ params }) => ({ fingerprint: params.fingerprint })),
    }),
];
