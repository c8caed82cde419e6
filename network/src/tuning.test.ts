import { describe, expect, it } from 'vitest';
import { CHANNEL_PROFILE, channelConfig } from './fabric-config.ts';
import { peerSpec } from './node-specs.ts';
import { type FabricInstall } from './binaries.ts';
import { topologyOf } from './topology.ts';
import { defaultTuning, tuningOf } from './tuning.ts';

const fabric: FabricInstall = {
    binDir: '/fabric/bin',
    configTemplateDir: '/fabric/config',
    version: '3.1.1',
    source: 'FABRIC_BIN_DIR',
};

describe('tuningOf', () => {
    it('cuts BFT blocks sooner than Raft ones by default: the two intervals are different knobs', () => {
        expect(tuningOf(true, undefined, undefined).blockIntervalMs).toBe(100);
        expect(tuningOf(false, undefined, undefined).blockIntervalMs).toBe(250);
    });

    it("takes the topology file's values over the defaults and LENDLEDGER_TUNING's over both, field by field", () => {
        const tuning = tuningOf(true, { blockMaxCount: 100, validatorPoolSize: 4 }, '{"validatorPoolSize":1}');
        expect(tuning).toEqual({ ...defaultTuning(true), blockMaxCount: 100, validatorPoolSize: 1 });
    });

    it.each([
        ['not JSON', '{blockMaxCount:1}', /JSON object/],
        ['an unknown field', '{"blockSize":10}', /LENDLEDGER_TUNING/],
        ['a fraction', '{"blockIntervalMs":12.5}', /LENDLEDGER_TUNING\.blockIntervalMs/],
        ['out of range', '{"blockMaxCount":0}', /LENDLEDGER_TUNING\.blockMaxCount/],
        ['the wrong type', '{"quickGossip":"yes"}', /LENDLEDGER_TUNING\.quickGossip/],
    ])('refuses an override that is %s, naming it', (_what, override, message) => {
        expect(() => tuningOf(true, undefined, override)).toThrow(message);
    });
});

describe('the tuning reaches the nodes', () => {
    const tuned = topologyOf('dev', {
        LENDLEDGER_TUNING: '{"blockMaxCount":64,"blockIntervalMs":40,"validatorPoolSize":3,"quickGossip":false}',
    });

    it("cuts the channel's blocks at the tuning's count and interval, in the batch size and SmartBFT's options", () => {
        const orderer = channelConfig(tuned).Profiles[CHANNEL_PROFILE].Orderer;
        expect(orderer.BatchSize.MaxMessageCount).toBe(64);
        expect(orderer.BatchTimeout).toBe('40ms');
        expect(orderer.SmartBFT).toMatchObject({ RequestBatchMaxCount: 64, RequestBatchMaxInterval: '40ms' });
    });

    it("sizes each peer's validator pool and leaves Fabric's gossip intervals when quick gossip is off", () => {
        const env = peerSpec(tuned, fabric, tuned.orgs[0]!).env;
        expect(env.CORE_PEER_VALIDATORPOOLSIZE).toBe('3');
        expect(Object.keys(env).filter((name) => name.startsWith('CORE_PEER_GOSSIP_'))).toEqual([
            'CORE_PEER_GOSSIP_BOOTSTRAP',
            'CORE_PEER_GOSSIP_EXTERNALENDPOINT',
            // Not an interval: what a committing peer does with refused transactions' private data.
            'CORE_PEER_GOSSIP_PVTDATA_SKIPPULLINGINVALIDTRANSACTIONSDURINGCOMMIT',
        ]);
    });

    it("keeps Fabric's query limit on the dev network and lowers it on the test instance, whose suites then meet any read of a whole set", () => {
        const dev = topologyOf('dev', {});
        const test = topologyOf('test', {});
        expect(peerSpec(dev, fabric, dev.orgs[0]!).env.CORE_LEDGER_STATE_TOTALQUERYLIMIT).toBe('100000');
        expect(peerSpec(test, fabric, test.orgs[0]!).env.CORE_LEDGER_STATE_TOTALQUERYLIMIT).toBe('1000');
    });

    it('leaves the validator pool to Fabric and gossips quickly by default', () => {
        const env = peerSpec(topologyOf('dev', {}), fabric, tuned.orgs[0]!).env;
        expect(env.CORE_PEER_VALIDATORPOOLSIZE).toBeUndefined();
        expect(env.CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL).toBe('1s');
    });
});
