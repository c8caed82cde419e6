import { createHash } from 'node:crypto';
import { decodeCodedError, MEMBER_ROLES, type MemberEntry, type MemberRole } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnchorContract } from '../evidence/anchors/anchor-contract.js';
import { AttestationContract } from '../evidence/attestations/attestation-contract.js';
import { ProbeContract } from '../probe/probe-contract.js';
import { createCompositeKey, MemoryLedger, type TestIdentity } from '../testing/memory-ledger.js';
import { transactionFunctions } from '../testing/transaction-functions.js';
import { WitnessContract } from '../witness/witness-contract.js';

/**
 * Who may call the small contracts (Probe, Witness, Anchor, Attestation), written per ROLE: every role against
 * every function, under registries that give the roles to different organisations. A rule that named an MSP instead
 * of a role passes under the development registry and fails under the others.
 */

const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const ANCHORED = [fp('a1'), fp('a2')];
const ANCHOR_ID = fingerprintTreeRoot(ANCHORED);
const SEALED_ROOT = fingerprintTreeRoot([fp('s1'), fp('s2')]);
const MEMBERS_ALL: readonly MemberRole[] = MEMBER_ROLES;

/** A caller that is no member: the orderer organisation. */
const OUTSIDER: TestIdentity = { mspId: 'OrdererMSP', commonName: 'User1@orderer.lendledger.test' };

const REGISTRIES: Record<string, readonly MemberEntry[]> = {
    'the development five': [
        { mspId: 'BankMSP', roles: ['bank'] },
        { mspId: 'CourtMSP', roles: ['court'] },
        { mspId: 'InvestorMSP', roles: ['investor'] },
        { mspId: 'NotaryMSP', roles: ['notary'] },
        { mspId: 'PlatformMSP', roles: ['platform'] },
    ],
    'the five with a second bank, a second platform and an arbitration commission': [
        { mspId: 'BankMSP', roles: ['bank'] },
        { mspId: 'Bank2MSP', roles: ['bank'] },
        { mspId: 'CourtMSP', roles: ['court'] },
        { mspId: 'InvestorMSP', roles: ['investor'] },
        { mspId: 'NotaryMSP', roles: ['notary'] },
        { mspId: 'PlatformMSP', roles: ['platform'] },
        { mspId: 'Platform2MSP', roles: ['platform'] },
        { mspId: 'ArbitrationMSP', roles: ['arbitration'] },
    ],
    'members the code has never heard of, each role under a new name': MEMBER_ROLES.map((role) => ({
        mspId: `Fresh${role[0]!.toUpperCase()}${role.slice(1)}MSP`,
        roles: [role],
    })),
};

interface Row {
    readonly tx: string;
    readonly contract: object;
    readonly fn: string;
    readonly args: readonly string[];
    readonly allowed: readonly MemberRole[];
}

const json = (value: object): string[] => [JSON.stringify(value)];
const probe = new ProbeContract();
const witness = new WitnessContract();
const anchors = new AnchorContract();
const attestations = new AttestationContract();

const ROWS: readonly Row[] = [
    { tx: 'Probe:Put', contract: probe, fn: 'Put', args: ['probe-2', 'ok'], allowed: MEMBERS_ALL },
    { tx: 'Probe:Get', contract: probe, fn: 'Get', args: ['probe-1'], allowed: MEMBERS_ALL },
    {
        tx: 'Witness:Read',
        contract: witness,
        fn: 'Read',
        args: [createCompositeKey('anchor', [ANCHOR_ID])],
        allowed: MEMBERS_ALL,
    },
    {
        tx: 'Anchor:Create',
        contract: anchors,
        fn: 'Create',
        args: json({ fingerprints: [fp('b1')] }),
        allowed: ['platform', 'bank'],
    },
    {
        tx: 'Anchor:Seal',
        contract: anchors,
        fn: 'Seal',
        args: json({ root: SEALED_ROOT, size: 2 }),
        allowed: ['platform', 'bank'],
    },
    {
        tx: 'Anchor:GetSealed',
        contract: anchors,
        fn: 'GetSealed',
        args: json({ root: ANCHOR_ID }),
        allowed: MEMBERS_ALL,
    },
    { tx: 'Anchor:Get', contract: anchors, fn: 'Get', args: json({ anchorId: ANCHOR_ID }), allowed: MEMBERS_ALL },
    {
        tx: 'Anchor:GetLeaves',
        contract: anchors,
        fn: 'GetLeaves',
        args: json({ anchorId: ANCHOR_ID, chunk: 0 }),
        allowed: MEMBERS_ALL,
    },
    {
        tx: 'Anchor:GetProof',
        contract: anchors,
        fn: 'GetProof',
        args: json({ fingerprint: fp('a1') }),
        allowed: MEMBERS_ALL,
    },
    {
        tx: 'Anchor:FindByFingerprint',
        contract: anchors,
        fn: 'FindByFingerprint',
        args: json({ fingerprint: fp('a1') }),
        allowed: MEMBERS_ALL,
    },
    { tx: 'Anchor:List', contract: anchors, fn: 'List', args: json({}), allowed: MEMBERS_ALL },
    // Targets that do not exist: an allowed caller gets past the access check to NOT_FOUND, the others stop at it.
    {
        tx: 'Attestation:AttestEvidence',
        contract: attestations,
        fn: 'AttestEvidence',
        args: json({ id: fp('no such record'), statementCode: 'ORIGINAL_INSPECTED' }),
        allowed: ['notary'],
    },
    {
        tx: 'Attestation:AttestCase',
        contract: attestations,
        fn: 'AttestCase',
        args: json({ caseId: 'C-9999', packageRoot: ANCHOR_ID, statementCode: 'PACKAGE_VERIFIED' }),
        allowed: ['notary'],
    },
    {
        tx: 'Attestation:ListByTarget',
        contract: attestations,
        fn: 'ListByTarget',
        args: json({ kind: 'EVIDENCE', id: fp('no such record') }),
        allowed: MEMBERS_ALL,
    },
];

/** The error code of a call, or undefined when it succeeded. */
async function codeOf(ledger: MemoryLedger, row: Row, caller: TestIdentity): Promise<string | undefined> {
    try {
        await ledger.invoke(row.contract, row.fn, caller, ...row.args);
        return undefined;
    } catch (error) {
        return decodeCodedError((error as Error).message)?.code ?? 'UNCODED';
    }
}

const userOf = (mspId: string): TestIdentity => ({ mspId, commonName: `User1@${mspId.toLowerCase()}.test` });

it('has a row for every function of Probe, Witness, Anchor and Attestation', () => {
    const functions = transactionFunctions([ProbeContract, WitnessContract, AnchorContract, AttestationContract]);
    expect(functions.map((entry) => `${entry.contractName}:${entry.fn}`).sort()).toEqual(
        ROWS.map((row) => row.tx).sort(),
    );
});

describe.each(Object.entries(REGISTRIES))('under a registry of %s', (_, members) => {
    let ledger: MemoryLedger;
    const holders = (role: MemberRole): string[] =>
        members.filter((member) => member.roles.includes(role)).map((member) => member.mspId);
    const writer = holders('bank')[0]!;

    beforeEach(async () => {
        ledger = new MemoryLedger({ registry: members });
        await ledger.invoke(probe, 'Put', userOf(writer), 'probe-1', 'ok');
        await ledger.invoke(anchors, 'Create', userOf(writer), JSON.stringify({ fingerprints: ANCHORED }));
    });

    describe.each(ROWS)('$tx', (row) => {
        const roles = MEMBER_ROLES.filter((role) => holders(role).length > 0);

        it.each(roles)('answers every %s member by the rule for that role', async (role) => {
            for (const mspId of holders(role)) {
                const before = ledger.snapshot();
                const code = await codeOf(ledger, row, userOf(mspId));
                if (row.allowed.includes(role)) {
                    expect([mspId, code]).not.toEqual([mspId, 'ACCESS_DENIED']);
                    expect(code).not.toBe('UNCODED');
                } else {
                    expect([mspId, code]).toEqual([mspId, 'ACCESS_DENIED']);
                    expect(ledger.snapshot()).toEqual(before);
                }
            }
        });

        it('refuses an organisation outside the registry with ACCESS_DENIED and writes nothing', async () => {
            const before = ledger.snapshot();
            expect(await codeOf(ledger, row, OUTSIDER)).toBe('ACCESS_DENIED');
            expect(ledger.snapshot()).toEqual(before);
        });
    });
});
