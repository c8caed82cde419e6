import {
    CONSENT_PURPOSE_LISTS,
    CONSENT_STORED_STATUSES,
    CONSENT_USE_MODES,
    LOAN_REF_PATTERN,
    MAX_CONSENT_BATCH,
    MAX_CONSENT_USES,
    MSP_ID_PATTERN,
    NOTICE_VERSION_PATTERN,
    SHORT_CODE_PATTERN,
    SUBJECT_PATTERN,
} from '@lendledger/domain';
import { Type } from 'typebox';
import { type LedgerRoute } from '../ledger-route.js';
import {
    closed,
    ConsentId,
    Fingerprint,
    FingerprintString,
    IsoTime,
    MspId,
    oneOf,
    Open,
    Page,
    PageQuery,
    ShortCode,
} from '../schemas/common.js';

const Subject = Type.String({ pattern: SUBJECT_PATTERN.source, description: '`subj:` + HMAC-SHA256 hex' });
const PURPOSES = [...new Set(Object.values(CONSENT_PURPOSE_LISTS).flat())];
const Purpose = oneOf(PURPOSES);
const ConsentStatus = oneOf([...CONSENT_STORED_STATUSES, 'EXPIRED']);
/** The grantee bank's MSP ID: which MSPs hold the bank role is the registry's record, so the chaincode decides. */
const Grantee = Type.String({
    pattern: MSP_ID_PATTERN.source,
    description: 'MSP ID of the bank the consent is granted to; it must have admitted the recording platform',
    examples: ['BankMSP'],
});
const Product = Type.String({
    pattern: SHORT_CODE_PATTERN.source,
    maxLength: 32,
    description: "The grantee bank's product the subject applies for; the bank's admission must cover it",
    examples: ['CONSUMER_LOAN'],
});

/** A list of data-item codes: what a consent covers, or what one use of it reads. */
const DataScope = (description: string) =>
    Type.Array(ShortCode, { minItems: 1, maxItems: 32, description, examples: [['CREDIT_REPORT']] });

/** Who recorded, used or withdrew a consent. */
const Actor = Open({ mspId: Type.String(), subject: Type.String() });

const ConsentRecord = Open({
    consentId: ConsentId,
    subject: Subject,
    collector: Type.String({ description: 'MSP ID of the member that collected the authorization' }),
    grantee: Type.String(),
    product: Type.Optional(Type.String({ description: 'Absent on consents recorded before consents named a product' })),
    purpose: Type.String(),
    purposeListVersion: Type.String(),
    dataScope: Type.Array(Type.String()),
    useMode: Type.String(),
    maxUses: Type.Integer(),
    usesCount: Type.Integer(),
    validFrom: IsoTime,
    validUntil: IsoTime,
    documentFingerprint: FingerprintString,
    signingMethod: Type.String(),
    noticeVersion: Type.String(),
    status: ConsentStatus,
    supersedes: Type.Optional(ConsentId),
    supersededBy: Type.Optional(ConsentId),
    withdrawal: Type.Optional(Open({ reasonCode: Type.String(), time: IsoTime, by: Actor })),
    recordedBy: Actor,
    recordedAt: IsoTime,
    txId: Type.String(),
    updatedAt: IsoTime,
});

const ConsentUse = Open({
    ticketId: Type.String(),
    consentId: ConsentId,
    useNo: Type.Integer(),
    grantee: Type.String(),
    purpose: Type.String(),
    usedBy: Actor,
    inquiryFingerprint: Type.Optional(FingerprintString),
    loanRef: Type.Optional(Type.String({ description: 'The loan the use served (every credit inquiry names one)' })),
    dataScope: Type.Optional(Type.Array(Type.String(), { description: 'The data items the use read' })),
    subject: Type.Optional(Type.String({ description: "The consent's subject pseudonym" })),
    validFrom: Type.Optional(IsoTime),
    validUntil: Type.Optional(IsoTime),
    consentStatus: Type.Optional(ConsentStatus),
    time: IsoTime,
    txId: Type.String(),
});
/** A loan whose credit-authorization evidence cites the consent (spends no use). */
const ConsentBinding = Open({
    consentId: ConsentId,
    loanRef: Type.String(),
    subject: Type.String(),
    recordId: Type.String(),
    boundBy: Actor,
    time: IsoTime,
    txId: Type.String(),
});
/** A `Consent:Record` request, alone or as an item of `Consent:RecordBatch`. */
const RecordConsent = closed({
    consentId: ConsentId,
    subject: Subject,
    grantee: Grantee,
    product: Product,
    purpose: Purpose,
    purposeListVersion: oneOf(Object.keys(CONSENT_PURPOSE_LISTS)),
    dataScope: DataScope('The data items the subject allowed the grantee to read'),
    useMode: oneOf(CONSENT_USE_MODES),
    maxUses: Type.Optional(
        Type.Integer({
            minimum: 1,
            maximum: MAX_CONSENT_USES,
            description: 'Absent or 1 for ONE_TIME; 2 or more, and required, for RECURRING',
        }),
    ),
    validFrom: IsoTime,
    validUntil: IsoTime,
    documentFingerprint: Fingerprint,
    signingMethod: ShortCode,
    noticeVersion: Type.String({ pattern: NOTICE_VERSION_PATTERN.source, maxLength: 32 }),
    supersedes: Type.Optional(ConsentId),
});

/** What one use names besides its consent: the route's body, and a `Consent:UseBatch` item with its consentId. */
const USE_FIELDS = {
    purpose: Purpose,
    dataScope: DataScope('The data items this use reads; each must be inside the consent’s dataScope'),
    loanRef: Type.Optional(
        Type.String({
            pattern: LOAN_REF_PATTERN.source,
            description: 'The loan the use serves: required for CREDIT_INQUIRY (checked by the chaincode)',
        }),
    ),
    inquiryFingerprint: Type.Optional(Fingerprint),
};

const ConsentParams = closed({ consentId: ConsentId });
const TAGS = ['consents'];

/** Credit-inquiry authorizations and their uses (`Consent:*`, chaincode/docs/consent-api.md). */
export const CONSENT_ROUTES: readonly LedgerRoute[] = [
    {
        method: 'POST',
        url: '/v1/consents',
        operationId: 'recordConsent',
        summary: 'Record a signed authorization (platform, for a bank that admitted it for the product)',
        tags: TAGS,
        transaction: 'Consent:Record',
        mode: 'submit',
        schema: {
            body: RecordConsent,
            result: Open({ created: Type.Boolean(), consent: ConsentRecord }),
        },
    },
    {
        method: 'POST',
        url: '/v1/consents/:consentId/uses',
        operationId: 'useConsent',
        summary: 'Use a consent (one credit inquiry): checked and logged atomically, returns a ticket',
        tags: TAGS,
        transaction: 'Consent:Use',
        mode: 'submit',
        schema: {
            params: ConsentParams,
            body: closed(USE_FIELDS),
            result: Open({ use: ConsentUse, consent: ConsentRecord }),
        },
    },
    {
        method: 'POST',
        url: '/v1/consents/batch',
        operationId: 'recordConsentBatch',
        summary: 'Record many signed authorizations in one transaction (platform); all or none',
        description:
            'Each item is checked as `POST /v1/consents` checks it; a refused item refuses the batch and is named in `details.item`.',
        tags: TAGS,
        transaction: 'Consent:RecordBatch',
        mode: 'submit',
        schema: {
            body: closed({ items: Type.Array(RecordConsent, { minItems: 1, maxItems: MAX_CONSENT_BATCH }) }),
            result: Open({
                created: Type.Integer(),
                items: Type.Array(Open({ created: Type.Boolean(), consent: ConsentRecord })),
            }),
        },
    },
    {
        method: 'POST',
        url: '/v1/consent-uses/batch',
        operationId: 'useConsentBatch',
        summary: 'Log many uses (credit inquiries) in one transaction, one per consent; all or none',
        description:
            'Each item is checked and logged as `POST /v1/consents/{consentId}/uses` does; item n gets the ticket `ticket:<txId>:<n>`. A refused item refuses the batch and is named in `details.item`.',
        tags: TAGS,
        transaction: 'Consent:UseBatch',
        mode: 'submit',
        schema: {
            body: closed({
                items: Type.Array(closed({ consentId: ConsentId, ...USE_FIELDS }), {
                    minItems: 1,
                    maxItems: MAX_CONSENT_BATCH,
                }),
            }),
            result: Open({ items: Type.Array(Open({ use: ConsentUse, consent: ConsentRecord })) }),
        },
    },
    {
        method: 'POST',
        url: '/v1/consents/:consentId/withdrawal',
        operationId: 'withdrawConsent',
        summary: 'Withdraw a consent (its collector); earlier uses stay valid',
        tags: TAGS,
        transaction: 'Consent:Withdraw',
        mode: 'submit',
        schema: {
            params: ConsentParams,
            body: closed({ reasonCode: ShortCode }),
            result: Open({ consent: ConsentRecord }),
        },
    },
    {
        method: 'GET',
        url: '/v1/consents/:consentId',
        operationId: 'getConsent',
        summary: 'A consent with its status, uses left, uses and history',
        tags: TAGS,
        transaction: 'Consent:Get',
        mode: 'evaluate',
        schema: {
            params: ConsentParams,
            result: Open({
                consent: ConsentRecord,
                status: ConsentStatus,
                usesLeft: Type.Integer(),
                uses: Type.Array(ConsentUse),
                bindings: Type.Array(ConsentBinding),
                bindingsTruncated: Type.Boolean({ description: 'More records cite the consent than the 100 listed' }),
                history: Type.Array(Open({})),
            }),
        },
    },
    {
        method: 'GET',
        url: '/v1/consents',
        operationId: 'listConsentsBySubject',
        summary: "One page of a subject's consents",
        tags: TAGS,
        transaction: 'Consent:ListBySubject',
        mode: 'evaluate',
        schema: {
            querystring: closed({ subject: Subject, ...PageQuery }),
            result: Page(Open({ consent: ConsentRecord, status: ConsentStatus })),
        },
    },
    {
        method: 'GET',
        url: '/v1/consent-uses',
        operationId: 'listConsentUses',
        summary: 'Consent uses of a grantee in a time window [from, to), oldest first',
        tags: TAGS,
        transaction: 'Consent:ListUsesByGrantee',
        mode: 'evaluate',
        schema: {
            querystring: closed({ from: IsoTime, to: IsoTime, grantee: Type.Optional(MspId), ...PageQuery }),
            result: Open({
                grantee: Type.String(),
                from: IsoTime,
                to: IsoTime,
                items: Type.Array(ConsentUse),
                bookmark: Type.String(),
                fetched: Type.Integer(),
            }),
        },
    },
];
