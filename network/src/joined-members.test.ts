import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { joinedMembersFile, readJoinedMembers, recordJoinedMember } from './joined-members.ts';
import { portsOf, topologyOf } from './topology.ts';

function tempDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'joined-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

const platform3 = { key: 'platform3', mspId: 'Platform3MSP', roles: ['platform'] as const, joinedAt: 'now' };

describe('joined members', () => {
    it('are none for an instance nothing was added to', () => {
        expect(readJoinedMembers(tempDataDir())).toEqual([]);
    });

    it('follow the founding organisations in the topology, on the next free ports, after a restart', () => {
        const dataDir = tempDataDir();
        recordJoinedMember(dataDir, { ...platform3, roles: [...platform3.roles] });
        const topology = topologyOf('dev', { LENDLEDGER_DATA_DIR: dataDir });
        const founding = topologyOf('dev', { LENDLEDGER_DATA_DIR: tempDataDir() }).orgs;
        expect(topology.orgs.slice(0, founding.length)).toEqual(
            founding.map((org) => expect.objectContaining({ key: org.key, peerPort: org.peerPort })),
        );
        const added = topology.orgs.at(-1)!;
        expect(added).toMatchObject({
            key: 'platform3',
            mspId: 'Platform3MSP',
            peerName: 'peer0.platform3.lendledger.test',
        });
        expect(added.peerPort).toBe(7100 + 10 * founding.length);
        expect(added.gatewayPort).toBe(8000 + founding.length);
        const ports = portsOf(topology).map((p) => p.port);
        expect(new Set(ports).size).toBe(ports.length);
    });

    it('are named in the endorsement and consortium policies of the instance, but not among its founding members', () => {
        const dataDir = tempDataDir();
        const founding = topologyOf('dev', { LENDLEDGER_DATA_DIR: dataDir });
        recordJoinedMember(dataDir, { ...platform3, roles: [...platform3.roles] });
        const joined = topologyOf('dev', { LENDLEDGER_DATA_DIR: dataDir });
        expect(joined.endorsementPolicy).toBe(founding.endorsementPolicy.replace(/\)$/, ", 'Platform3MSP.peer')"));
        expect(joined.consortium.organisations).toEqual([...founding.consortium.organisations, 'Platform3MSP']);
        // Not a founding member: the registry admits it by a majority's proposal, not by the founding registry.
        expect(joined.foundingMembers).toEqual(founding.foundingMembers);
    });

    it('are recorded once per MSP ID, a repeated record replacing the first', () => {
        const dataDir = tempDataDir();
        recordJoinedMember(dataDir, { ...platform3, roles: ['platform'] });
        recordJoinedMember(dataDir, { key: 'bank2', mspId: 'Bank2MSP', roles: ['bank'], joinedAt: 'later' });
        recordJoinedMember(dataDir, { ...platform3, roles: ['platform', 'investor'] });
        expect(readJoinedMembers(dataDir).map((m) => [m.mspId, m.roles])).toEqual([
            ['Bank2MSP', ['bank']],
            ['Platform3MSP', ['platform', 'investor']],
        ]);
    });

    it.each([
        ['not a list', { key: 'platform3' }],
        ['a key that is no DNS label', [{ ...platform3, key: 'Platform 3' }]],
        ['an unknown role', [{ ...platform3, roles: ['regulator'] }]],
        ['no roles', [{ ...platform3, roles: [] }]],
        ['an MSP ID with punctuation', [{ ...platform3, mspId: 'Platform3MSP;' }]],
    ])('refuse a file holding %s, naming it', (_, content) => {
        const dataDir = tempDataDir();
        writeFileSync(joinedMembersFile(dataDir), JSON.stringify(content));
        expect(() => readJoinedMembers(dataDir)).toThrow(joinedMembersFile(dataDir));
    });
});
