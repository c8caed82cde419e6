import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorityOf } from '@lendledger/domain';
import { applicationOrgsOf, majoritySigners, withApplicationOrg, type ChannelConfigJson } from './channel-update.ts';
import { topologyOf } from './topology.ts';

function configWith(mspIds: readonly string[]): ChannelConfigJson {
    return {
        sequence: '3',
        channel_group: {
            mod_policy: 'Admins',
            groups: {
                Orderer: { groups: { OrdererMSP: { version: '0' } } },
                Application: {
                    mod_policy: 'Admins',
                    version: '1',
                    groups: Object.fromEntries(mspIds.map((id) => [id, { version: '0', values: { MSP: { v: id } } }])),
                },
            },
        },
    };
}

const group = { mod_policy: 'Admins', policies: { Admins: {} }, values: { MSP: { v: 'Platform3MSP' } } };
const anchors = [{ host: '127.0.0.1', port: 7150 }];

describe('adding an organisation to the channel configuration', () => {
    it('adds its group with its anchor peers and leaves every other group as it was', () => {
        const original = configWith(['BankMSP', 'PlatformMSP']);
        const updated = withApplicationOrg(original, 'Platform3MSP', group, anchors);
        expect(applicationOrgsOf(updated)).toEqual(['BankMSP', 'Platform3MSP', 'PlatformMSP']);
        expect(updated.channel_group.groups.Application?.groups?.Platform3MSP).toEqual({
            ...group,
            values: {
                MSP: { v: 'Platform3MSP' },
                AnchorPeers: { mod_policy: 'Admins', value: { anchor_peers: anchors }, version: '0' },
            },
        });
        expect(updated.channel_group.groups.Orderer).toBe(original.channel_group.groups.Orderer);
        expect(updated.channel_group.groups.Application?.groups?.BankMSP).toBe(
            original.channel_group.groups.Application?.groups?.BankMSP,
        );
        expect(applicationOrgsOf(original)).toEqual(['BankMSP', 'PlatformMSP']);
    });

    it('refuses an organisation that is already a member', () => {
        expect(() => withApplicationOrg(configWith(['BankMSP']), 'BankMSP', group, anchors)).toThrow(
            'BankMSP is already a member of the channel',
        );
    });

    it('refuses a configuration without an Application group', () => {
        const ordererOnly: ChannelConfigJson = { channel_group: { groups: {} } };
        expect(() => withApplicationOrg(ordererOnly, 'Platform3MSP', group, anchors)).toThrow('no Application group');
    });
});

describe('the signers of a member-list change', () => {
    const orgs = topologyOf('dev', {}).orgs;

    it('are a strict majority of the members, distinct, in the topology order', () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: orgs.length }), (count) => {
                const members = orgs.slice(0, count);
                const signers = majoritySigners(members);
                expect(signers).toEqual(members.slice(0, majorityOf(count)));
                expect(signers.length * 2).toBeGreaterThan(count);
                expect((signers.length - 1) * 2).toBeLessThanOrEqual(count);
            }),
        );
    });
});
