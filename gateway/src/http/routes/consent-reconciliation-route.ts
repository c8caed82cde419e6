import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { MSP_ID_PATTERN } from '@lendledger/domain';
import { Type, type Static } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { readGranteeUses, type GranteeUsesWindow } from '../../consents/grantee-uses.js';
import {
    RECONCILIATION_FIELDS,
    reconcileUses,
    reconciliationLine,
    type InquiryLogEntry,
} from '../../consents/use-reconciliation.js';
import { type LedgerReads } from '../../fabric/evaluate-json.js';
import { callerOf } from '../plugins/authentication.js';
import { BEARER_AUTH, closed, FingerprintString, IsoTime, oneOf, withProblems } from '../schemas/common.js';

/** Most entries of the grantee's own inquiry log one reconciliation takes (about 1.5 MB of JSON). */
export const MAX_RECONCILIATION_LOG = 10_000;

const TicketId = Type.String({
    pattern: '^ticket:[0-9a-f]{64}(:[0-9]{1,3})?$',
    description:
        'The ticket a use was logged with: `ticket:<txId>`, or `ticket:<txId>:<n>` for item n of `Consent:UseBatch`',
});

const Window = {
    from: IsoTime,
    to: IsoTime,
    grantee: Type.Optional(
        Type.String({
            pattern: MSP_ID_PATTERN.source,
            description: "Another grantee's uses: oversight only (notary, court, arbitration); by default the caller's",
        }),
    ),
};

const LogEntry = Type.Object(
    { ticketId: Type.Optional(TicketId), inquiryFingerprint: Type.Optional(FingerprintString) },
    { additionalProperties: false, minProperties: 1, description: 'One inquiry of the grantee’s own log' },
);

const Line = closed({
    ticketId: Type.String(),
    time: IsoTime,
    consentId: Type.String(),
    useNo: Type.Integer(),
    purpose: Type.String(),
    loanRef: Type.Optional(Type.String({ description: 'The loan the inquiry served' })),
    subject: Type.Optional(Type.String({ description: "The consent's subject pseudonym" })),
    dataScope: Type.Optional(Type.Array(Type.String(), { description: 'The data items the inquiry read' })),
    validFrom: Type.Optional(IsoTime),
    validUntil: Type.Optional(IsoTime),
    consentStatus: Type.Optional(Type.String({ description: "The consent's status once the use was logged" })),
    inquiryFingerprint: Type.Optional(FingerprintString),
    txId: Type.String(),
    legacy: Type.Boolean({ description: 'Logged before uses carried the reconciliation fields' }),
    missing: Type.Array(oneOf(RECONCILIATION_FIELDS), { description: 'The fields this use does not carry' }),
});

const Reconciled = closed({
    matched: Type.Array(closed({ index: Type.Integer({ minimum: 0 }), ticketId: Type.String() })),
    ledgerOnly: Type.Array(Type.String(), { description: 'Tickets of ledger uses no log entry names' }),
    logOnly: Type.Array(
        closed({
            index: Type.Integer({ minimum: 0 }),
            ticketId: Type.Optional(Type.String()),
            inquiryFingerprint: Type.Optional(Type.String()),
            reason: oneOf(['NOT_ON_LEDGER', 'FINGERPRINT_DIFFERS', 'DUPLICATE']),
        }),
    ),
    counts: closed({ matched: Type.Integer(), ledgerOnly: Type.Integer(), logOnly: Type.Integer() }),
});

const Report = closed({
    grantee: Type.String(),
    from: IsoTime,
    to: IsoTime,
    counts: closed({ uses: Type.Integer(), legacy: Type.Integer() }),
    lines: Type.Array(Line),
    reconciliation: Type.Optional(Reconciled),
});

const TAGS = ['consents'];
const ABOUT = `Every consent use the grantee logged in \`[from, to)\`, oldest first, as one line: the inquiry's ticket
and time, its loan, the consent it used (id, subject pseudonym, purpose, data items read, window and status once the
use was logged). Uses logged before uses carried these fields are \`legacy\`, with the fields they lack named in
\`missing\`. Read page by page with \`Consent:ListUsesByGrantee\` as the caller: a member reconciles its own uses
(oversight may name a \`grantee\`). A window holding more than \`consent.reconciliationMaxUses\` uses is refused with
422 \`RECONCILIATION_TOO_LARGE\`, whose \`splitAt\` is where to cut it; when more uses than that share the earliest
instant holding uses (one batch's uses share its time), no cut parts them and the refusal names that \`instant\` instead.`;

/** What the reconciliation routes need: the ledger reads, and the most uses one report reads. */
export interface ReconciliationRoutesOptions {
    readonly reads: LedgerReads;
    readonly maxUses: number;
}

/**
 * `POST /v1/consents/reconciliation` (with the grantee's own inquiry log) and `GET /v1/consent-uses/reconciliation`
 * (without): a grantee's reconciliation report of its consent uses.
 */
export async function consentReconciliationRoutes(
    scope: FastifyInstance,
    { reads, maxUses }: ReconciliationRoutesOptions,
): Promise<void> {
    const typed = scope.withTypeProvider<TypeBoxTypeProvider>();
    async function report(
        identity: string,
        window: GranteeUsesWindow,
        log: readonly InquiryLogEntry[] | undefined,
    ): Promise<Static<typeof Report>> {
        const { grantee, uses } = await readGranteeUses(reads, identity, window, maxUses);
        const lines = uses.map(reconciliationLine);
        return {
            grantee,
            from: window.from,
            to: window.to,
            counts: { uses: lines.length, legacy: lines.filter((line) => line.legacy).length },
            lines,
            ...(log === undefined ? {} : { reconciliation: reconcileUses(uses, log) }),
        };
    }
    typed.post(
        '/v1/consents/reconciliation',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'reconcileConsentUses',
                summary: "A grantee's reconciliation of its inquiry log against its consent uses on the ledger",
                description: `${ABOUT}

With \`inquiries\` (the grantee's own log, at most ${MAX_RECONCILIATION_LOG} entries, each naming the use's
\`ticketId\` or the \`inquiryFingerprint\` it logged, or both), \`reconciliation\` classes every ledger use and every
entry exactly once: \`matched\` (entry index and ticket), \`ledgerOnly\` (uses no entry names) and \`logOnly\` (entries
naming no use of the window: \`NOT_ON_LEDGER\`, \`FINGERPRINT_DIFFERS\` from the use of its ticket, or a \`DUPLICATE\`
of an entry already matched). Nothing is written. Roles: ${READ_ROLES.join(', ')}.`,
                tags: TAGS,
                security: BEARER_AUTH,
                body: closed({
                    ...Window,
                    inquiries: Type.Optional(Type.Array(LogEntry, { maxItems: MAX_RECONCILIATION_LOG })),
                }),
                response: withProblems(Report),
            },
        },
        async (request) => {
            const { inquiries, ...window } = request.body;
            return report(callerOf(request).subject, window, inquiries);
        },
    );
    typed.get(
        '/v1/consent-uses/reconciliation',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'listConsentUseLines',
                summary: "A grantee's consent uses in a window as reconciliation lines (without its log)",
                description: `${ABOUT}\n\nRoles: ${READ_ROLES.join(', ')}.`,
                tags: TAGS,
                security: BEARER_AUTH,
                querystring: closed(Window),
                response: withProblems(Report),
            },
        },
        async (request) => report(callerOf(request).subject, request.query, undefined),
    );
}
