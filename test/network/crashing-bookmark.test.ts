import { type OrgKey } from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { chaincodeErrorOf, evaluateJson } from '../support/ledger-data.ts';
import { orgOf, testNetwork } from '../support/test-network.ts';

/**
 * Regression for issue 10, finding 1: `GET /v1/anchors?bookmark=%C2%9D%C2%93%C3%AB` made the platform peer panic
 * (goleveldb, a range whose start key lies after its end key). Every paginated list is sent the crashing bookmark
 * and its base64url form, through the REST gateways and from a bare Fabric client straight to the chaincode; each
 * answer must be a 400 problem or a coded chaincode error, and every peer must still be up and answering after.
 */

/** The bookmark as the gateway received it (URL-encoded UTF-8) and as the chaincode received it. */
const CRASHING_QUERY_VALUE = '%C2%9D%C2%93%C3%AB';
const CRASHING_BOOKMARK = '\u009d\u0093\u00eb';
/** The same key in the chaincode's own bookmark form: well-formed, so only the range check can refuse it. */
const CRASHING_KEY_BOOKMARK = Buffer.from(CRASHING_BOOKMARK, 'utf8').toString('base64url');

const LOAN = `loan:${'0'.repeat(64)}`;
const SUBJECT = `subj:${'0'.repeat(64)}`;
const DEAL = 'DEAL-BOOKMARK-1';
const WINDOW = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };

/**
 * Every paginated list: the organisation that may read it, its REST path (with what it needs besides paging), the
 * chaincode function and request behind it, and whether the list reads the ledger before it reaches the page
 * reader (a loan's chain checks that the loan exists first, so an unknown loan answers 404 before any range; so do
 * a deal's lists).
 */
const LISTS: readonly {
    readonly org: OrgKey;
    readonly path: string;
    readonly fn: string;
    readonly request: Readonly<Record<string, unknown>>;
    readonly readsFirst?: boolean;
}[] = [
    { org: 'platform', path: '/v1/anchors?', fn: 'Anchor:List', request: {} },
    {
        org: 'platform',
        path: `/v1/loans/${LOAN}/evidence?`,
        fn: 'Evidence:ListByLoan',
        request: { loanRef: LOAN },
        readsFirst: true,
    },
    { org: 'court', path: '/v1/cases?', fn: 'Case:ListByCourt', request: {} },
    {
        org: 'platform',
        path: `/v1/consents?subject=${SUBJECT}&`,
        fn: 'Consent:ListBySubject',
        request: { subject: SUBJECT },
    },
    {
        org: 'bank',
        path: `/v1/consent-uses?from=${WINDOW.from}&to=${WINDOW.to}&`,
        fn: 'Consent:ListUsesByGrantee',
        request: WINDOW,
    },
    { org: 'bank', path: '/v1/abs/deals?', fn: 'AbsDeal:ListDeals', request: {} },
    // A deal's lists read the deal first (only its issuer and holders may list), so an unknown deal answers 404.
    {
        org: 'bank',
        path: `/v1/abs/deals/${DEAL}/pool/loans?`,
        fn: 'AbsPool:ListLoans',
        request: { dealId: DEAL },
        readsFirst: true,
    },
    {
        org: 'investor',
        path: `/v1/abs/deals/${DEAL}/periods?`,
        fn: 'AbsReport:ListPeriodReports',
        request: { dealId: DEAL },
        readsFirst: true,
    },
];

const ORGS = [...new Set(LISTS.map((list) => list.org))];

describe('a bookmark outside the range never reaches a peer', () => {
    const network = testNetwork();
    const gateways = new Map<OrgKey, GatewayClient>();
    const clients = new Map<OrgKey, OrgConnection>();

    beforeAll(async () => {
        for (const org of ORGS) {
            gateways.set(org, await gatewayAs(network, org, 'User1', ['auditor']));
            clients.set(org, connectAs(orgOf(network, org)));
        }
    });

    afterAll(() => {
        for (const client of clients.values()) {
            client.close();
        }
    });

    /** The organisation's peer process runs, its operations endpoint answers, and it serves a chaincode query. */
    async function expectPeerUp(org: OrgKey): Promise<void> {
        const peer = orgOf(network, org);
        expect(network.processes.isRunning(peer.peerName)).toBe(true);
        const health = await fetch(`http://127.0.0.1:${peer.operationsPort}/healthz`, {
            signal: AbortSignal.timeout(10_000),
        });
        expect(health.status).toBe(200);
        const page = await evaluateJson<{ items: unknown[] }>(clients.get(org)!.contract, 'Anchor:List', {
            pageSize: 1,
        });
        expect(Array.isArray(page.items)).toBe(true);
    }

    describe.each(LISTS)('$fn through the REST gateway', (list) => {
        it('refuses the crashing bookmark with 400 problem+json at the gateway', async () => {
            const response = await gateways.get(list.org)!.get(`${list.path}bookmark=${CRASHING_QUERY_VALUE}`);
            expect(response.status).toBe(400);
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
            await expectPeerUp(list.org);
        });

        it('refuses the crashing key in bookmark form with the chaincode code, and the peer stays up', async () => {
            const response = await gateways.get(list.org)!.get(`${list.path}bookmark=${CRASHING_KEY_BOOKMARK}`);
            if (list.readsFirst) {
                expect([400, 404]).toContain(response.status);
            } else {
                expect(response.status).toBe(400);
                expect(response.body).toMatchObject({ code: 'INVALID_BOOKMARK' });
            }
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            await expectPeerUp(list.org);
            if (!list.readsFirst) {
                // The same list without a bookmark still answers a page.
                const first = ok(await gateways.get(list.org)!.get(`${list.path}pageSize=1`));
                expect(first).toMatchObject({ items: expect.any(Array) });
            }
        });
    });

    describe.each(LISTS)('$fn from a bare Fabric client', (list) => {
        it('answers INVALID_BOOKMARK for the crashing bookmark, and the peer stays up', async () => {
            const contract = clients.get(list.org)!.contract;
            const error = await chaincodeErrorOf(
                contract.evaluateTransaction(list.fn, JSON.stringify({ ...list.request, bookmark: CRASHING_BOOKMARK })),
            );
            expect(error).toMatchObject({ code: 'INVALID_BOOKMARK', details: { field: 'bookmark' } });
            await expectPeerUp(list.org);
        });

        it('answers a coded error for the crashing key in bookmark form, and the peer stays up', async () => {
            const contract = clients.get(list.org)!.contract;
            const error = await chaincodeErrorOf(
                contract.evaluateTransaction(
                    list.fn,
                    JSON.stringify({ ...list.request, bookmark: CRASHING_KEY_BOOKMARK }),
                ),
            );
            if (list.readsFirst) {
                expect(error.code).toMatch(/^(INVALID_BOOKMARK|.*NOT_FOUND)$/);
            } else {
                expect(error.code).toBe('INVALID_BOOKMARK');
            }
            await expectPeerUp(list.org);
        });
    });

    it('refuses a consent-use window whose start is later than its end, through the gateway and bare', async () => {
        const reversed = `/v1/consent-uses?from=${WINDOW.to}&to=${WINDOW.from}`;
        const response = await gateways.get('bank')!.get(reversed);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'from' } });
        const error = await chaincodeErrorOf(
            clients
                .get('bank')!
                .contract.evaluateTransaction(
                    'Consent:ListUsesByGrantee',
                    JSON.stringify({ from: WINDOW.to, to: WINDOW.from }),
                ),
        );
        expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'from' } });
        await expectPeerUp('bank');
    });

    it('leaves every peer of the network running', () => {
        for (const org of network.topology.orgs) {
            expect(network.processes.isRunning(org.peerName)).toBe(true);
        }
    });
});
