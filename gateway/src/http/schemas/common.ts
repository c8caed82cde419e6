import {
    CASE_ID_PATTERN,
    CODE_PATTERN,
    CONSENT_ID_PATTERN,
    FINGERPRINT_PATTERN,
    HASH_ALGORITHMS,
    ISO_DATE_PATTERN,
    ISO_TIME_PATTERN,
    LOAN_REF_PATTERN,
    MSP_ID_PATTERN,
    SHORT_CODE_PATTERN,
    WITHDRAWAL_ID_PREFIX,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    BOOKMARK_PATTERN,
    MAX_BOOKMARK_LENGTH,
} from '@lendledger/domain';
import {
    Type,
    type TArray,
    type TInteger,
    type TObject,
    type TProperties,
    type TSchema,
    type TString,
    type TUnsafe,
} from 'typebox';

/**
 * Schemas shared by the route areas. Patterns come from the domain package, so the gateway and chaincode agree and the
 * gateway refuses what the ledger would refuse before it reaches a peer. Every string a write takes has a pattern from
 * domain `privacy/ledger-safe.ts` (an identifier under the one identifier rule, or a fixed format): free text could
 * carry personal data onto the ledger (personal-data-refusal.test.ts sends such values to every write route).
 */

/**
 * One of the listed strings, typed as their union. TypeBox derives a union's type from a tuple of schemas only, and the
 * domain's lists are often plain arrays (filtered, mapped, keys of a table), so the type is stated here; the JSON
 * schema is TypeBox's own union of literals.
 */
export function oneOf<const Values extends readonly string[]>(values: Values): TUnsafe<Values[number]> {
    return Type.Unsafe<Values[number]>(Type.Union(values.map((value) => Type.Literal(value))));
}

/** An object with exactly the listed members. */
export function closed<Properties extends TProperties>(properties: Properties): TObject<Properties> {
    return Type.Object(properties, { additionalProperties: false });
}

/** An object whose listed members are documented; members the chaincode adds later pass through. */
export function Open<Properties extends TProperties>(
    properties: Properties,
    description?: string,
): TObject<Properties> {
    return Type.Object(properties, { additionalProperties: true, description });
}

/** The pattern of {@link Hex64}. */
export const HEX64_PATTERN = '^[0-9a-f]{64}$';

/** 64 lower-case hex characters (Merkle roots, anchor ids, link hashes). */
export const Hex64 = Type.String({ pattern: HEX64_PATTERN });

/**
 * A body a route streams (a Node stream, never held whole), documented by `schema`: the JSON document it streams,
 * or a string for text. Fastify pipes a stream without serialising it, so the schema only documents the answer.
 */
export function StreamedBody(schema: TSchema): TUnsafe<NodeJS.ReadableStream | string> {
    return Type.Unsafe<NodeJS.ReadableStream | string>(schema);
}

/** A fingerprint in canonical string form. */
export const FingerprintString = Type.String({
    pattern: FINGERPRINT_PATTERN.source,
    description: 'Salted digest of an off-chain document, `sha256:<64 hex>` or `sm3:<64 hex>` (lower case)',
    examples: ['sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
});

/** A fingerprint as a request may carry it: string form or `{ algorithm, digest }`. */
export const Fingerprint = Type.Union([
    FingerprintString,
    closed({ algorithm: oneOf(Object.keys(HASH_ALGORITHMS)), digest: Hex64 }),
]);

/** A keyed loan pseudonym. */
export const LoanRef = Type.String({ pattern: LOAN_REF_PATTERN.source, description: '`loan:` + HMAC-SHA256 hex' });

/** A short code (evidence type, reason, statement, claim). */
export const ShortCode = Type.String({ pattern: SHORT_CODE_PATTERN.source, maxLength: 32 });

/** An ABS code (tranche, trigger, document type, reason). */
export const AbsCode = Type.String({ pattern: CODE_PATTERN.source, maxLength: 32 });

/** A case identifier chosen by the filing bank. */
export const CaseId = Type.String({
    pattern: CASE_ID_PATTERN.source,
    maxLength: 48,
    description: 'At most four digits in a row: split longer sequence numbers with hyphens',
    examples: ['BK-2026-000-123'],
});

/** A consent identifier. */
export const ConsentId = Type.String({ pattern: CONSENT_ID_PATTERN.source, maxLength: 128 });

/** An evidence record id: a fingerprint, or `withdrawal:<fingerprint>`. */
export const RecordId = Type.String({
    // The fingerprint pattern with its leading `^` moved in front of the optional prefix.
    pattern: `^(${WITHDRAWAL_ID_PREFIX})?${FINGERPRINT_PATTERN.source.slice(1)}`,
});

/** An MSP ID. */
export const MspId = Type.String({ pattern: MSP_ID_PATTERN.source, examples: ['CourtMSP'] });

/** A calendar date. */
export const IsoDate = Type.String({ pattern: ISO_DATE_PATTERN.source, examples: ['2026-01-31'] });

/** An ISO-8601 timestamp. */
export const IsoTime = Type.String({ pattern: ISO_TIME_PATTERN.source, examples: ['2026-01-31T00:00:00Z'] });

/** Money in integer minor units. */
export const Amount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** Query parameters of a paginated list. */
export const PageQuery = {
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
    bookmark: Type.Optional(
        Type.String({
            maxLength: MAX_BOOKMARK_LENGTH,
            pattern: BOOKMARK_PATTERN.source,
            description:
                'Opaque, from the previous answer of the same query (base64url, at most 2048 characters); empty or ' +
                'absent for the first page. A bookmark of another query or in any other form is refused with 400 ' +
                '`INVALID_BOOKMARK` or a validation problem.',
        }),
    ),
};

/** The query of a list that takes nothing but paging. */
export const PageOnly = closed(PageQuery);

/** One page of a paginated answer. */
export function Page<Item extends TSchema>(
    item: Item,
): TObject<{ items: TArray<Item>; bookmark: TString; fetched: TInteger }> {
    return Type.Object(
        {
            items: Type.Array(item),
            bookmark: Type.String({
                pattern: BOOKMARK_PATTERN.source,
                description: 'Pass it back to read the next page; empty after the last page',
            }),
            fetched: Type.Integer(),
        },
        { additionalProperties: true },
    );
}

/** The members of an RFC 9162 inclusion proof of a leaf in an anchor's Merkle tree. */
export const InclusionProofMembers = {
    anchorId: Hex64,
    index: Type.Integer({ minimum: 0 }),
    treeSize: Type.Integer({ minimum: 1 }),
    leafHash: Hex64,
    auditPath: Type.Immutable(Type.Array(Hex64)),
    root: Hex64,
};

/** One anchor holding a fingerprint, and where. */
export const AnchorLocation = Open({
    anchorId: Hex64,
    index: Type.Integer(),
    size: Type.Integer(),
    time: IsoTime,
    txId: Type.String(),
});

/** Who wrote a record. */
export const Submitter = Open({ mspId: Type.String(), subject: Type.String() });

/** A write's answer: the chaincode's result with the transaction that committed it. */
export function SubmitEnvelope<Result extends TSchema>(
    result: Result,
): TObject<{ txId: TString; blockNumber: TInteger; result: Result }> {
    return Type.Object(
        {
            txId: Type.String({ description: 'Fabric transaction ID' }),
            blockNumber: Type.Integer({ description: 'Block that committed the transaction' }),
            result,
        },
        { additionalProperties: false, description: 'Committed transaction and the chaincode answer' },
    );
}

/** An RFC 9457 problem document. */
export const Problem = Type.Object(
    {
        type: Type.String(),
        title: Type.String(),
        status: Type.Integer(),
        detail: Type.String(),
        code: Type.String({ description: 'Stable machine-readable code' }),
        instance: Type.Optional(Type.String()),
        requestId: Type.Optional(Type.String()),
        transactionId: Type.Optional(Type.String()),
        details: Type.Optional(Type.Object({}, { additionalProperties: true })),
        errors: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
    },
    { additionalProperties: true, description: 'application/problem+json' },
);

/** The security requirement of a route that needs a bearer token. */
export const BEARER_AUTH = [{ bearerAuth: [] }] as const;

/** The responses of a hand-written route: `ok` on success, a problem document on any error. */
export function withProblems<Ok extends TSchema>(ok: Ok): { 200: Ok; '4xx': typeof Problem; '5xx': typeof Problem } {
    return { 200: ok, '4xx': Problem, '5xx': Problem };
}

/** The answer when a batch becomes a background job. */
export const JobAccepted = closed({
    jobId: Type.String(),
    status: Type.Literal('queued'),
    statusUrl: Type.String(),
    chunks: Type.Integer({ description: 'Transactions the job will run' }),
    items: Type.Integer({ description: 'Items in the request' }),
});
