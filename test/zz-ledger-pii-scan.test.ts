import { PII_SAMPLES, PII_SHAPED_VALUES } from '@lendledger/domain';
import { CHANNEL } from '@lendledger/network/topology.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    writeOperations,
    type OpenApiDocument,
    type WriteRequest,
} from '../gateway/src/testing/openapi-write-requests.ts';
import { connectAs, type OrgConnection } from './support/fabric-client.ts';
import { gatewayAs, type GatewayClient } from './support/gateway-client.ts';
import { chaincodeErrorOf, identityVerification, loanRefOf, submitJson } from './support/ledger-data.ts';
import { orgOf, testNetwork, uniqueName } from './support/test-network.ts';

/**
 * The ledger scan. Runs after every other integration suite (suite-order.ts puts `zz-` files last), so the blocks
 * it reads hold everything the suites wrote. First it offers personal-data-shaped values to every string of every
 * write route of every gateway and to the chaincode directly, expecting refusals; then it reads every block of the
 * channel and searches the bytes for each value, in UTF-8 and as JSON escapes: every member's peer keeps every block
 * for good, so a single hit is personal data no erasure can reach.
 */

const network = testNetwork();
const UTF8 = new TextEncoder();
/** A request member no function reads, whose name and value are both personal data. */
const EXTRA_KEY = `${PII_SAMPLES.chineseName}${PII_SAMPLES.mobile}`;

/** The byte forms a value can take inside a block: its UTF-8 and its JSON-escaped form. */
function needles(value: string): { readonly form: string; readonly bytes: Buffer }[] {
    const escaped = value.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return [...new Set([value, escaped])].map((form) => ({ form, bytes: Buffer.from(UTF8.encode(form)) }));
}

describe('ledger PII scan', () => {
    let platform: OrgConnection;

    beforeAll(() => {
        platform = connectAs(orgOf(network, 'platform'));
    });

    afterAll(() => {
        platform?.close();
    });

    it('refuses personal-data-shaped values in every string of every write route of every gateway', async () => {
        const accepted: string[] = [];
        // Each organisation's gateway is its own process: the nine are probed at once, each with one request at a
        // time, as its own clients would.
        await Promise.all(
            network.topology.orgs.map(async ({ key: org }) => {
                const client: GatewayClient = await gatewayAs(network, org, 'User1', ['submitter', 'admin']);
                const document = await client.request<OpenApiDocument>('GET', '/v1/openapi.json');
                const requests: WriteRequest[] = writeOperations(document.body).flatMap((operation) => [
                    ...PII_SHAPED_VALUES.flatMap((value) => operation.withEachString(value)),
                    ...operation.withExtraKey(EXTRA_KEY, PII_SAMPLES.residentId),
                ]);
                for (const request of requests) {
                    const response = await client.request<{ code?: string }>(request.method, request.url, request.body);
                    // A gateway refuses a route its organisation may never call before it reads the body (sealed
                    // batches).
                    const forbiddenToOrganisation =
                        response.status === 403 && response.body.code === 'ORGANISATION_NOT_ALLOWED';
                    if (response.status !== 400 && !forbiddenToOrganisation) {
                        accepted.push(`${org} ${request.operationId} ${request.where}: ${response.status}`);
                    }
                }
            }),
        );
        expect(accepted).toEqual([]);
    });

    it('refuses a request member no function reads, sent to the chaincode without a gateway', async () => {
        const request = {
            ...identityVerification(loanRefOf(uniqueName('pii-scan-extra'))),
            [EXTRA_KEY]: PII_SAMPLES.residentId,
        };
        const refusal = await chaincodeErrorOf(submitJson(platform.contract, 'Evidence:Register', request));
        expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'request' } });
        expect(JSON.stringify(refusal)).not.toContain(PII_SAMPLES.mobile);
    });

    it('refuses personal-data-shaped probe names and values sent to the chaincode without a gateway', async () => {
        const accepted: string[] = [];
        for (const value of PII_SHAPED_VALUES) {
            for (const args of [
                [value, 'v1'],
                ['pii-scan', value],
            ]) {
                const outcome = await platform.contract.submitTransaction('Probe:Put', ...args).then(
                    () => 'committed',
                    (error: Error) => error.message,
                );
                if (outcome === 'committed') {
                    accepted.push(args.join(' / '));
                }
            }
        }
        expect(accepted).toEqual([]);
    });

    it('finds none of those values in any block of the channel', async () => {
        const qscc = platform.gateway.getNetwork(CHANNEL).getContract('qscc');
        const searches = PII_SHAPED_VALUES.flatMap((value) => needles(value));
        const hits: string[] = [];
        let blocks = 0;
        for (let number = 0; ; number++) {
            const block = await qscc.evaluateTransaction('GetBlockByNumber', CHANNEL, String(number)).then(
                (bytes) => Buffer.from(bytes),
                () => undefined,
            );
            if (block === undefined) {
                break;
            }
            blocks += 1;
            for (const { form, bytes } of searches) {
                if (block.includes(bytes)) {
                    hits.push(`block ${number}: ${form}`);
                }
            }
        }
        expect(hits).toEqual([]);
        // The suites before this one write hundreds of transactions; a scan of a handful of blocks proves nothing.
        expect(blocks).toBeGreaterThan(10);
    });
});
