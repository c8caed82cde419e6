import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LENDLEDGER_CONSORTIUM } from '@lendledger/domain';
import { type PeerLinks } from '../app.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const OWN = 'BankMSP';

describe('readiness and the own chaincode server being down', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        // No reuse of a check: each probe sees the peer as it is now.
        gateway = await startTestGateway({ readiness: { cacheMs: 0 } });
    });

    afterAll(async () => {
        await gateway.close();
    });

    beforeEach(() => {
        gateway.ledger.unreachableChaincodes.clear();
        gateway.ledger.pingError = undefined;
        gateway.ledger.endorsed.length = 0;
    });

    const readyz = () => gateway.app.inject({ method: 'GET', url: '/readyz' });

    it('is ready while the own peer runs the chaincode', async () => {
        const response = await readyz();
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ status: 'ready', org: 'bank', mspId: OWN });
    });

    it('turns degraded from a live check once the own chaincode server is down, and ready when it is back', async () => {
        expect((await readyz()).json()).toMatchObject({ status: 'ready' });
        gateway.ledger.unreachableChaincodes.add(OWN);
        const degraded = await readyz();
        expect(degraded.statusCode).toBe(200);
        expect(degraded.json()).toEqual({
            status: 'degraded',
            org: 'bank',
            mspId: OWN,
            endorsingOrganizations: ['PlatformMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP'],
        });
        gateway.ledger.unreachableChaincodes.delete(OWN);
        expect((await readyz()).json()).toMatchObject({ status: 'ready' });
    });

    it('is not ready (503 NOT_READY) when too few other organisations can endorse either', async () => {
        ['BankMSP', 'PlatformMSP', 'NotaryMSP', 'CourtMSP'].forEach((org) =>
            gateway.ledger.unreachableChaincodes.add(org),
        );
        const response = await readyz();
        expect(response.statusCode).toBe(503);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({ code: 'NOT_READY' });
    });

    it('commits writes endorsed by two other organisations while the own chaincode server is down', async () => {
        gateway.ledger.unreachableChaincodes.add(OWN);
        gateway.ledger.on('Probe:Put', () => '{"name":"alive","value":"ok"}');
        const response = await gateway.app.inject({
            method: 'PUT',
            url: '/v1/probes/alive',
            headers: await gateway.auth(),
            payload: { value: 'ok' },
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ result: { name: 'alive', value: 'ok' } });
        const endorsers = gateway.ledger.endorsed.at(-1)!.endorsingOrganizations;
        expect(endorsers).toHaveLength(2);
        expect(endorsers).not.toContain(OWN);
    });

    it('answers reads from other organisations while the own chaincode server is down', async () => {
        gateway.ledger.unreachableChaincodes.add(OWN);
        gateway.ledger.on('Probe:Get', () => '{"name":"alive","value":"ok"}');
        const response = await gateway.app.inject({
            method: 'GET',
            url: '/v1/probes/alive',
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(200);
        expect(gateway.ledger.evaluated.at(-1)!.endorsingOrganizations).not.toContain(OWN);
    });
});

describe('a consortium of more members than the founding five, from the roots bundle', () => {
    const MEMBERS = ['PlatformMSP', 'BankMSP', 'Bank2MSP', 'Platform2MSP', 'ArbitrationMSP'];
    let gateway: TestGateway;

    beforeAll(async () => {
        const policy = { ...LENDLEDGER_CONSORTIUM, organisations: MEMBERS };
        const trust = { policy, validate: () => Promise.reject(new Error('not used')) };
        gateway = await startTestGateway(
            { readiness: { cacheMs: 0 } },
            { peers: { trust: trust as unknown as NonNullable<PeerLinks['trust']> } },
        );
    });

    afterAll(async () => {
        await gateway.close();
    });

    it("endorses on the bundle's other members while the own chaincode server is down, not on a list in code", async () => {
        gateway.ledger.unreachableChaincodes.add(OWN);
        const degraded = await gateway.app.inject({ method: 'GET', url: '/readyz' });
        expect(degraded.json()).toMatchObject({
            status: 'degraded',
            endorsingOrganizations: MEMBERS.filter((member) => member !== OWN),
        });
        ['PlatformMSP', 'Bank2MSP'].forEach((org) => gateway.ledger.unreachableChaincodes.add(org));
        gateway.ledger.on('Probe:Put', () => '{"name":"alive","value":"ok"}');
        const response = await gateway.app.inject({
            method: 'PUT',
            url: '/v1/probes/alive',
            headers: await gateway.auth(),
            payload: { value: 'ok' },
        });
        expect(response.statusCode).toBe(200);
        expect(gateway.ledger.endorsed.at(-1)!.endorsingOrganizations).toEqual(['Platform2MSP', 'ArbitrationMSP']);
    });
});
