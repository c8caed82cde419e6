import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '@lendledger/domain';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { fromText } from './strict-numbers.js';

const DEAL = 'DEAL-2026-1';
const PERIOD = { periodNo: 1, startDate: '2026-02-01', endDate: '2026-02-28' };

describe('numbers in requests', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        gateway = await startTestGateway();
    });

    afterAll(async () => {
        await gateway.close();
    });

    beforeEach(() => {
        gateway.ledger.evaluated.length = 0;
        gateway.ledger.endorsed.length = 0;
    });

    async function list(query: string): Promise<{ status: number; code?: string }> {
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/anchors?${query}`,
            headers: await gateway.auth({ roles: ['auditor'] }),
        });
        return { status: response.statusCode, code: response.json<{ code?: string }>().code };
    }

    it('reads a plain decimal query integer as a number', async () => {
        expect(await list('pageSize=10')).toMatchObject({ status: 200 });
        expect(gateway.ledger.evaluated[0]?.args).toEqual([canonicalJson({ pageSize: 10 })]);
    });

    it.each(['0x10', '1e1', '%2010', '10%20', '%2B10', '10.0', '1_0', '', 'ten', '10&pageSize=10'])(
        'refuses pageSize=%s with 400 VALIDATION_FAILED and no ledger call',
        async (value) => {
            expect(await list(`pageSize=${value}`)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
            expect(gateway.ledger.evaluated).toHaveLength(0);
        },
    );

    it('reads a plain decimal path integer as a number and refuses any other spelling', async () => {
        const headers = await gateway.auth({ roles: ['auditor'] });
        const anchor = 'a'.repeat(64);
        const ok = await gateway.app.inject({ method: 'GET', url: `/v1/anchors/${anchor}/leaves/2`, headers });
        expect(ok.statusCode).toBe(200);
        expect(gateway.ledger.evaluated[0]?.args).toEqual([canonicalJson({ anchorId: anchor, chunk: 2 })]);
        const hex = await gateway.app.inject({ method: 'GET', url: `/v1/anchors/${anchor}/leaves/0x2`, headers });
        expect(hex.statusCode).toBe(400);
        expect(gateway.ledger.evaluated).toHaveLength(1);
    });

    it.each([
        ['a string', '1'],
        ['an array', [1]],
        ['a boolean', true],
    ])('refuses %s where a JSON body has an integer, writing nothing', async (_what, periodNo) => {
        const response = await gateway.app.inject({
            method: 'POST',
            url: `/v1/abs/deals/${DEAL}/periods`,
            headers: await gateway.auth({ roles: ['submitter'] }),
            payload: { ...PERIOD, periodNo },
        });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    it('accepts the same body with the integer as a number', async () => {
        const response = await gateway.app.inject({
            method: 'POST',
            url: `/v1/abs/deals/${DEAL}/periods`,
            headers: await gateway.auth({ roles: ['submitter'] }),
            payload: PERIOD,
        });
        expect(response.statusCode).toBe(200);
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });
});

describe('fromText', () => {
    it.each([
        ['10', 'integer', 10],
        ['-3', 'integer', -3],
        ['007', 'integer', 7],
        ['1.5', 'number', 1.5],
        ['true', 'boolean', true],
        ['false', 'boolean', false],
        ['1.5', 'integer', undefined],
        ['+1', 'integer', undefined],
        ['1e3', 'number', undefined],
        ['Infinity', 'number', undefined],
        ['1', 'boolean', undefined],
        ['TRUE', 'boolean', undefined],
    ] as const)('reads %j as %s: %j', (text, kind, value) => {
        expect(fromText(text, kind)).toBe(value);
    });
});
