import { MEMBER_ROLES, MSP_ID_PATTERN, PROPOSAL_ID_PATTERN } from '@lendledger/domain';
import { Type } from 'typebox';
import { jsonCall, ledgerRoute, type LedgerRoute } from '../ledger-route.js';
import { closed, IsoTime, oneOf, Open, Page, PageOnly } from '../schemas/common.js';

/**
 * The membership registry (`Registry:*`): which organisation holds which roles, its history, and the proposals that
 * change it. Anyone with a token reads it. Proposing, approving and withdrawing need the token role `admin` here, and
 * in the chaincode a member's admin certificate: the token's subject selects the Fabric identity as on every route,
 * so a registry decision is signed by the organisation's `Admin` identity only when the token's subject is `Admin`
 * (a `User1` token with the admin role is refused by the chaincode with MEMBER_ADMIN_REQUIRED). No route switches
 * identities behind the caller's back: the ledger records who decided.
 */

const ProposalId = Type.String({
    pattern: PROPOSAL_ID_PATTERN.source,
    minLength: 4,
    maxLength: 64,
    examples: ['REG-2026-0001'],
});
const MemberMspId = Type.String({ pattern: MSP_ID_PATTERN.source, maxLength: 64, examples: ['Bank2MSP'] });
const Roles = Type.Array(oneOf(MEMBER_ROLES), { minItems: 1, maxItems: MEMBER_ROLES.length, uniqueItems: true });

const RegistryMember = Open({ mspId: Type.String(), roles: Type.Array(Type.String()), since: IsoTime });
const Registry = Open(
    {
        version: Type.Integer({ minimum: 1 }),
        members: Type.Array(RegistryMember),
        updatedAt: IsoTime,
        txId: Type.String(),
    },
    'A version of the membership registry',
);

/** One change: add a member with roles, replace a member's roles, or remove a member. */
const RegistryChange = Type.Union([
    closed({ kind: Type.Literal('ADD_MEMBER'), mspId: MemberMspId, roles: Roles }),
    closed({ kind: Type.Literal('CHANGE_ROLES'), mspId: MemberMspId, roles: Roles }),
    closed({ kind: Type.Literal('REMOVE_MEMBER'), mspId: MemberMspId }),
]);

const Proposal = Open(
    {
        proposalId: Type.String(),
        change: Open({ kind: Type.String(), mspId: Type.String(), roles: Type.Optional(Type.Array(Type.String())) }),
        proposer: Type.String(),
        baseVersion: Type.Integer(),
        proposedAt: IsoTime,
        expiresAt: IsoTime,
        approvals: Type.Array(Open({ mspId: Type.String(), at: IsoTime, txId: Type.String() })),
        status: Type.String({ description: 'OPEN, APPLIED or WITHDRAWN as stored' }),
        appliedVersion: Type.Optional(Type.Integer()),
        updatedAt: IsoTime,
        txId: Type.String(),
    },
    'A registry proposal; APPLIED once the approval that made a majority applied it',
);
const ProposalView = Open(
    {
        ...Proposal.properties,
        state: Type.String({ description: 'OPEN, APPLIED, WITHDRAWN, EXPIRED or STALE (the registry moved on)' }),
        approvalsCounted: Type.Integer(),
        approvalsNeeded: Type.Integer(),
    },
    'A registry proposal and where it stands now',
);
const ProposalParams = closed({ proposalId: ProposalId });
const TAGS = ['registry'];
/** Registry decisions are the members' admins' (see the module comment). */
const DECIDERS = ['admin'] as const;

/** The membership registry's routes. */
export const REGISTRY_ROUTES: readonly LedgerRoute[] = [
    ledgerRoute({
        method: 'GET',
        url: '/v1/registry',
        operationId: 'getRegistry',
        summary: 'The membership registry in force',
        tags: TAGS,
        transaction: 'Registry:Get',
        mode: 'evaluate',
        schema: { result: Registry },
        call: () => ({ args: [] }),
    }),
    ledgerRoute({
        method: 'GET',
        url: '/v1/registry/history',
        operationId: 'listRegistryHistory',
        summary: 'Every applied version of the registry, oldest first',
        tags: TAGS,
        transaction: 'Registry:History',
        mode: 'evaluate',
        schema: { querystring: PageOnly, result: Page(Registry) },
    }),
    ledgerRoute({
        method: 'GET',
        url: '/v1/registry/proposals',
        operationId: 'listRegistryProposals',
        summary: 'Registry proposals that can still be approved',
        description:
            'Registry proposals that can still be approved: open, within their seven days, made against the ' +
            'registry in force. A page may hold fewer items than its size; follow the bookmark.',
        tags: TAGS,
        transaction: 'Registry:Proposals',
        mode: 'evaluate',
        schema: { querystring: PageOnly, result: Page(ProposalView) },
    }),
    ledgerRoute({
        method: 'GET',
        url: '/v1/registry/proposals/:proposalId',
        operationId: 'getRegistryProposal',
        summary: 'A registry proposal and where it stands',
        tags: TAGS,
        transaction: 'Registry:Proposal',
        mode: 'evaluate',
        schema: { params: ProposalParams, result: ProposalView },
    }),
    ledgerRoute({
        method: 'POST',
        url: '/v1/registry/proposals',
        operationId: 'proposeRegistryChange',
        summary: "Propose a registry change (a member's admin)",
        description:
            "Propose a registry change as this organisation's admin (token subject `Admin`, role `admin`); the " +
            'proposal counts as its approval. It applies once admins of a majority of the members approved it.',
        tags: TAGS,
        transaction: 'Registry:Propose',
        mode: 'submit',
        roles: DECIDERS,
        schema: { body: closed({ proposalId: ProposalId, change: RegistryChange }), result: Proposal },
    }),
    ledgerRoute({
        method: 'POST',
        url: '/v1/registry/proposals/:proposalId/approvals',
        operationId: 'approveRegistryChange',
        summary: "Approve a registry proposal (another member's admin)",
        description:
            "Approve a registry proposal as this organisation's admin. The approval that makes a majority applies " +
            'the change; that transaction must be endorsed by a majority of the members’ peers (the registry key’s ' +
            'endorsement policy), which the peer gateway plans by itself.',
        tags: TAGS,
        transaction: 'Registry:Approve',
        mode: 'submit',
        roles: DECIDERS,
        schema: { params: ProposalParams, result: Proposal },
        call: jsonCall(({ params }) => ({ proposalId: params.proposalId })),
    }),
    ledgerRoute({
        method: 'POST',
        url: '/v1/registry/proposals/:proposalId/withdrawal',
        operationId: 'withdrawRegistryProposal',
        summary: 'Withdraw an open registry proposal (its proposer’s admin)',
        tags: TAGS,
        transaction: 'Registry:Withdraw',
        mode: 'submit',
        roles: DECIDERS,
        schema: { params: ProposalParams, result: Proposal },
        call: jsonCall(({ params }) => ({ proposalId: params.proposalId })),
    }),
];
