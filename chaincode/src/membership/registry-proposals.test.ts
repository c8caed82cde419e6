import {
    decodeCodedError,
    majorityOf,
    REGISTRY_EVENTS,
    type MemberEntry,
    type MembershipRegistry,
    type RegistryProposal,
} from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    ADMINS,
    adminOf,
    createCompositeKey,
    MemoryLedger,
    USERS,
    type TestIdentity,
} from '../testing/memory-ledger.js';
import { decodePeerPolicy } from './registry-policy.js';
import { RegistryContract } from './registry-contract.js';

const registry = new RegistryContract();
const CURRENT = createCompositeKey('registry', []);
const version = (n: number): string => createCompositeKey('registry.version', [String(n).padStart(10, '0')]);

/** `count` members `M01MSP`… each a bank, so every test names members by position, never by a role's MSP. */
function members(count: number): MemberEntry[] {
    return Array.from({ length: count }, (_, i) => ({
        mspId: `M${String(i + 1).padStart(2, '0')}MSP`,
        roles: ['bank'],
    }));
}

const addArbitration = (proposalId = 'REG-0001') =>
    JSON.stringify({ proposalId, change: { kind: 'ADD_MEMBER', mspId: 'ArbitrationMSP', roles: ['arbitration'] } });
const byId = (proposalId = 'REG-0001') => JSON.stringify({ proposalId });

async function current(ledger: MemoryLedger): Promise<MembershipRegistry> {
    return ledger.invokeJson<MembershipRegistry>(registry, 'Get', USERS.investor);
}

/** The coded error of a refused call, after checking that the refused call left nothing behind. */
async function refused(ledger: MemoryLedger, fn: string, caller: TestIdentity, request: string): Promise<string> {
    const before = ledger.snapshot();
    const error = await ledger.invoke(registry, fn, caller, request).then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
    );
    expect(error, `${fn} by ${caller.mspId} should be refused`).toBeInstanceOf(Error);
    expect(ledger.snapshot()).toEqual(before);
    expect(ledger.lastRefusal).toMatchObject({ writes: [], privateWrites: [], policyWrites: [] });
    expect(ledger.lastRefusal?.event).toBeUndefined();
    return decodeCodedError(error!.message)?.code ?? error!.message;
}

describe('Registry changes by a majority of members', () => {
    it('applies a change exactly when approvals of distinct members reach a majority, for 1 to 12 members', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc
                    .integer({ min: 1, max: 12 })
                    .chain((count) =>
                        fc.tuple(fc.constant(count), fc.shuffledSubarray([...Array(count).keys()], { minLength: 1 })),
                    ),
                async ([count, order]) => {
                    const ledger = new MemoryLedger({ registry: members(count) });
                    const founding = await current(ledger);
                    const admins = order.map((i) => adminOf(founding.members[i]!.mspId));
                    const needed = majorityOf(count);
                    const proposed = await ledger.invoke(registry, 'Propose', admins[0]!, addArbitration());
                    const steps = [proposed];
                    for (const admin of admins.slice(1, needed)) {
                        steps.push(await ledger.invoke(registry, 'Approve', admin, byId()));
                    }
                    const approvals = steps.length;
                    const applied = approvals >= needed;
                    const after = await current(ledger);
                    expect(after.version).toBe(applied ? 2 : 1);
                    expect(after.members.some((m) => m.mspId === 'ArbitrationMSP')).toBe(applied);
                    // Only the transaction that made the majority applied; the ones before it changed nothing.
                    steps.forEach((step, i) => {
                        const isLast = i === approvals - 1;
                        expect(step.event?.name === REGISTRY_EVENTS.changed).toBe(applied && isLast);
                    });
                    const proposal = JSON.parse(steps.at(-1)!.payload) as RegistryProposal;
                    expect(proposal.status).toBe(applied ? 'APPLIED' : 'OPEN');
                    expect(proposal.approvals).toHaveLength(approvals);
                    if (applied && admins[needed] !== undefined) {
                        expect(await refused(ledger, 'Approve', admins[needed]!, byId())).toBe('PROPOSAL_CLOSED');
                    }
                },
            ),
            { numRuns: 60 },
        );
    });

    it('keeps the key-level policy at a majority of the members peers, re-set for the new member set', async () => {
        const ledger = new MemoryLedger();
        expect(decodePeerPolicy(ledger.validationParameter(CURRENT)!)).toEqual({
            n: 3,
            peers: ['BankMSP', 'CourtMSP', 'InvestorMSP', 'NotaryMSP', 'PlatformMSP'],
        });
        await ledger.invoke(registry, 'Propose', ADMINS.platform, addArbitration());
        await ledger.invoke(registry, 'Approve', ADMINS.bank, byId());
        await ledger.invoke(registry, 'Approve', ADMINS.court, byId());
        const six = ['ArbitrationMSP', 'BankMSP', 'CourtMSP', 'InvestorMSP', 'NotaryMSP', 'PlatformMSP'];
        expect(decodePeerPolicy(ledger.validationParameter(CURRENT)!)).toEqual({ n: 4, peers: six });
        expect(decodePeerPolicy(ledger.validationParameter(version(2))!)).toEqual({ n: 4, peers: six });
    });

    it('sets the policy when the registry is bootstrapped', async () => {
        const ledger = new MemoryLedger({ registry: null });
        await ledger.invoke(registry, 'Bootstrap', adminOf('M02MSP'), JSON.stringify({ members: members(4) }));
        expect(decodePeerPolicy(ledger.validationParameter(CURRENT)!)).toEqual({
            n: 3,
            peers: ['M01MSP', 'M02MSP', 'M03MSP', 'M04MSP'],
        });
    });

    it('writes each applied version under its own key and lists them oldest first, a page at a time', async () => {
        const ledger = new MemoryLedger({ registry: members(1) });
        const admin = adminOf('M01MSP');
        await ledger.invoke(registry, 'Propose', admin, addArbitration('REG-0001'));
        const second = JSON.stringify({
            proposalId: 'REG-0002',
            change: { kind: 'CHANGE_ROLES', mspId: 'M01MSP', roles: ['platform', 'bank'] },
        });
        await ledger.invoke(registry, 'Propose', admin, second);
        await ledger.invoke(registry, 'Approve', adminOf('ArbitrationMSP'), byId('REG-0002'));
        const first = await ledger.invokeJson<{ items: MembershipRegistry[]; bookmark: string }>(
            registry,
            'History',
            USERS.court,
            JSON.stringify({ pageSize: 2 }),
        );
        expect(first.items.map((r) => r.version)).toEqual([1, 2]);
        const rest = await ledger.invokeJson<{ items: MembershipRegistry[]; bookmark: string }>(
            registry,
            'History',
            USERS.court,
            JSON.stringify({ pageSize: 2, bookmark: first.bookmark }),
        );
        expect(rest.items.map((r) => r.version)).toEqual([3]);
        expect(rest.items[0]!.members).toEqual([
            { mspId: 'ArbitrationMSP', roles: ['arbitration'], since: first.items[1]!.updatedAt },
            { mspId: 'M01MSP', roles: ['bank', 'platform'], since: first.items[0]!.updatedAt },
        ]);
        expect(rest.bookmark).toBe('');
    });

    it('refuses a member user who is not an admin, and an admin of a non-member', async () => {
        const ledger = new MemoryLedger();
        expect(await refused(ledger, 'Propose', USERS.platform, addArbitration())).toBe('MEMBER_ADMIN_REQUIRED');
        expect(await refused(ledger, 'Propose', adminOf('OrdererMSP'), addArbitration())).toBe('ACCESS_DENIED');
        await ledger.invoke(registry, 'Propose', ADMINS.platform, addArbitration());
        expect(await refused(ledger, 'Approve', USERS.bank, byId())).toBe('MEMBER_ADMIN_REQUIRED');
        expect(await refused(ledger, 'Approve', adminOf('ArbitrationMSP'), byId())).toBe('ACCESS_DENIED');
        expect(await refused(ledger, 'Withdraw', USERS.platform, byId())).toBe('MEMBER_ADMIN_REQUIRED');
    });

    it('refuses approving twice, the proposer approving its own proposal, and an unknown proposal', async () => {
        const ledger = new MemoryLedger();
        await ledger.invoke(registry, 'Propose', ADMINS.platform, addArbitration());
        expect(await refused(ledger, 'Approve', ADMINS.platform, byId())).toBe('ALREADY_APPROVED');
        await ledger.invoke(registry, 'Approve', ADMINS.bank, byId());
        expect(await refused(ledger, 'Approve', ADMINS.bank, byId())).toBe('ALREADY_APPROVED');
        expect(await refused(ledger, 'Approve', ADMINS.court, byId('REG-9999'))).toBe('PROPOSAL_NOT_FOUND');
        expect(await refused(ledger, 'Propose', ADMINS.court, addArbitration())).toBe('PROPOSAL_EXISTS');
        expect((await current(ledger)).version).toBe(1);
    });

    it('refuses a proposal made against a registry version that is no longer in force', async () => {
        const ledger = new MemoryLedger();
        await ledger.invoke(registry, 'Propose', ADMINS.platform, addArbitration('REG-0001'));
        const removeInvestor = JSON.stringify({
            proposalId: 'REG-0002',
            change: { kind: 'REMOVE_MEMBER', mspId: 'InvestorMSP' },
        });
        await ledger.invoke(registry, 'Propose', ADMINS.court, removeInvestor);
        await ledger.invoke(registry, 'Approve', ADMINS.bank, byId('REG-0001'));
        await ledger.invoke(registry, 'Approve', ADMINS.notary, byId('REG-0001'));
        expect(await refused(ledger, 'Approve', ADMINS.bank, byId('REG-0002'))).toBe('PROPOSAL_STALE');
        const view = await ledger.invokeJson<{ state: string }>(registry, 'Proposal', USERS.court, byId('REG-0002'));
        expect(view.state).toBe('STALE');
    });

    it('refuses approvals after the seven-day window and accepts one at its last millisecond', async () => {
        const ledger = new MemoryLedger({ stepMillis: 0 });
        const proposed = await ledger.invokeJson<RegistryProposal>(
            registry,
            'Propose',
            ADMINS.platform,
            addArbitration(),
        );
        expect(Date.parse(proposed.expiresAt) - Date.parse(proposed.proposedAt)).toBe(7 * 24 * 3600 * 1000);
        ledger.setTime(proposed.expiresAt);
        await ledger.invoke(registry, 'Approve', ADMINS.bank, byId());
        ledger.setTime(new Date(Date.parse(proposed.expiresAt) + 1).toISOString());
        expect(await refused(ledger, 'Approve', ADMINS.court, byId())).toBe('PROPOSAL_EXPIRED');
        const open = await ledger.invokeJson<{ items: unknown[] }>(registry, 'Proposals', USERS.bank, '{}');
        expect(open.items).toEqual([]);
    });

    it('lets only the proposer withdraw, and a withdrawn proposal takes no approvals', async () => {
        const ledger = new MemoryLedger();
        await ledger.invoke(registry, 'Propose', ADMINS.platform, addArbitration());
        expect(await refused(ledger, 'Withdraw', ADMINS.bank, byId())).toBe('ACCESS_DENIED');
        const withdrawn = await ledger.invoke(registry, 'Withdraw', ADMINS.platform, byId());
        expect(JSON.parse(withdrawn.payload)).toMatchObject({ status: 'WITHDRAWN' });
        expect(withdrawn.event?.name).toBe('RegistryChangeWithdrawn');
        expect(await refused(ledger, 'Approve', ADMINS.bank, byId())).toBe('PROPOSAL_CLOSED');
        expect(await refused(ledger, 'Withdraw', ADMINS.platform, byId())).toBe('PROPOSAL_CLOSED');
    });

    it('refuses changes that do not apply, and never empties the registry', async () => {
        const ledger = new MemoryLedger({ registry: members(1) });
        const admin = adminOf('M01MSP');
        const change = (kind: string, mspId: string, roles?: string[]) =>
            JSON.stringify({ proposalId: 'REG-0001', change: { kind, mspId, ...(roles ? { roles } : {}) } });
        expect(await refused(ledger, 'Propose', admin, change('REMOVE_MEMBER', 'M01MSP'))).toBe('CHANGE_CONFLICT');
        expect(await refused(ledger, 'Propose', admin, change('ADD_MEMBER', 'M01MSP', ['bank']))).toBe(
            'CHANGE_CONFLICT',
        );
        expect(await refused(ledger, 'Propose', admin, change('CHANGE_ROLES', 'M01MSP', ['bank']))).toBe(
            'CHANGE_CONFLICT',
        );
        expect(await refused(ledger, 'Propose', admin, change('REMOVE_MEMBER', 'X1MSP'))).toBe('CHANGE_CONFLICT');
        expect(await refused(ledger, 'Propose', admin, change('CHANGE_ROLES', 'X1MSP', ['bank']))).toBe(
            'CHANGE_CONFLICT',
        );
        expect(await refused(ledger, 'Propose', admin, change('ADD_MEMBER', 'X1MSP', []))).toBe('BATCH_EMPTY');
        expect(await refused(ledger, 'Propose', admin, change('ADD_MEMBER', 'X1MSP', ['king']))).toBe(
            'INVALID_ARGUMENT',
        );
        expect(await refused(ledger, 'Propose', admin, change('RENAME', 'X1MSP'))).toBe('INVALID_ARGUMENT');
    });

    it('removes a member by majority, after which its admin can no longer propose', async () => {
        const ledger = new MemoryLedger();
        const remove = JSON.stringify({
            proposalId: 'REG-0001',
            change: { kind: 'REMOVE_MEMBER', mspId: 'InvestorMSP' },
        });
        await ledger.invoke(registry, 'Propose', ADMINS.bank, remove);
        await ledger.invoke(registry, 'Approve', ADMINS.investor, byId());
        const applied = await ledger.invoke(registry, 'Approve', ADMINS.court, byId());
        expect(applied.event).toEqual({
            name: REGISTRY_EVENTS.changed,
            payload: { proposalId: 'REG-0001', txId: applied.txId, version: 2 },
        });
        expect((await current(ledger)).members.map((m) => m.mspId)).toEqual([
            'BankMSP',
            'CourtMSP',
            'NotaryMSP',
            'PlatformMSP',
        ]);
        expect(await refused(ledger, 'Propose', ADMINS.investor, addArbitration('REG-0002'))).toBe('ACCESS_DENIED');
        expect(decodePeerPolicy(ledger.validationParameter(CURRENT)!).n).toBe(3);
    });

    it('lists open proposals with their approvals counted and needed', async () => {
        const ledger = new MemoryLedger();
        await ledger.invoke(registry, 'Propose', ADMINS.platform, addArbitration('REG-0001'));
        await ledger.invoke(registry, 'Propose', ADMINS.court, addArbitration('REG-0002'));
        await ledger.invoke(registry, 'Withdraw', ADMINS.court, byId('REG-0002'));
        await ledger.invoke(registry, 'Approve', ADMINS.bank, byId('REG-0001'));
        const open = await ledger.invokeJson<{
            items: { proposalId: string; approvalsCounted: number; approvalsNeeded: number }[];
        }>(registry, 'Proposals', USERS.investor, '{}');
        expect(open.items).toMatchObject([
            { proposalId: 'REG-0001', approvalsCounted: 2, approvalsNeeded: 3, state: 'OPEN' },
        ]);
    });
});
