import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const ADD = { kind: 'ADD_MEMBER', mspId: 'Bank2MSP', roles: ['bank'] };

describe('registry routes', () => {
    const suite = routeSuite();
    const send = suite.send;

    it('GET /v1/registry evaluates Registry:Get with no argument, for any role', async () => {
        const response = await send('GET', '/v1/registry', undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: 'Registry:Get', args: [] });
    });

    it.each([
        ['/v1/registry/history?pageSize=2', 'Registry:History', { pageSize: 2 }],
        ['/v1/registry/proposals', 'Registry:Proposals', { pageSize: 100 }],
        ['/v1/registry/proposals/REG-2026-0001', 'Registry:Proposal', { proposalId: 'REG-2026-0001' }],
    ])('GET %s evaluates %s', async (url, transaction, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        ['/v1/registry/proposals', { proposalId: 'REG-2026-0001', change: ADD }, 'Registry:Propose'],
        [
            '/v1/registry/proposals',
            { proposalId: 'REG-2026-0002', change: { kind: 'REMOVE_MEMBER', mspId: 'Bank2MSP' } },
            'Registry:Propose',
        ],
        ['/v1/registry/proposals/REG-2026-0001/approvals', undefined, 'Registry:Approve'],
        ['/v1/registry/proposals/REG-2026-0001/withdrawal', undefined, 'Registry:Withdraw'],
    ])(
        'POST %s submits its transaction signed by the token subject, for an admin token',
        async (url, body, transaction) => {
            const response = await send('POST', url, body, ['admin']);
            expect(response.statusCode).toBe(200);
            const request = body ?? { proposalId: 'REG-2026-0001' };
            expect(suite.gateway.ledger.endorsed[0]).toMatchObject({
                name: transaction,
                identity: 'User1',
                args: [canonicalJson(request)],
            });
        },
    );

    it.each([
        ['/v1/registry/proposals', { proposalId: 'REG-2026-0001', change: ADD }],
        ['/v1/registry/proposals/REG-2026-0001/approvals', undefined],
        ['/v1/registry/proposals/REG-2026-0001/withdrawal', undefined],
    ])('refuses POST %s without the admin role with 403 ROLE_REQUIRED', async (url, body) => {
        const response = await send('POST', url, body, ['submitter', 'auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['an unknown kind of change', { proposalId: 'REG-2026-0001', change: { ...ADD, kind: 'RENAME' } }],
        ['an addition without roles', { proposalId: 'REG-2026-0001', change: { ...ADD, roles: [] } }],
        ['a role named twice', { proposalId: 'REG-2026-0001', change: { ...ADD, roles: ['bank', 'bank'] } }],
        ['an unknown role', { proposalId: 'REG-2026-0001', change: { ...ADD, roles: ['king'] } }],
        ['a removal naming roles', { proposalId: 'REG-2026-0001', change: { ...ADD, kind: 'REMOVE_MEMBER' } }],
        ['a proposal ID holding a phone number', { proposalId: 'REG-13800138000', change: ADD }],
        ['an MSP ID with a space', { proposalId: 'REG-2026-0001', change: { ...ADD, mspId: 'Bank 2' } }],
        ['a member besides the change', { proposalId: 'REG-2026-0001', change: ADD, note: 'x' }],
    ])('refuses %s with 400 VALIDATION_FAILED and submits nothing', async (_case, body) => {
        const response = await send('POST', '/v1/registry/proposals', body, ['admin']);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['MEMBER_ADMIN_REQUIRED', 403],
        ['ACCESS_DENIED', 403],
        ['PROPOSAL_NOT_FOUND', 404],
        ['ALREADY_APPROVED', 409],
        ['PROPOSAL_STALE', 409],
        ['PROPOSAL_EXPIRED', 409],
        ['PROPOSAL_CLOSED', 409],
    ])('answers the chaincode refusal %s with %i', async (code, status) => {
        suite.gateway.ledger.on('Registry:Approve', () => {
            throw rejection(code, `refused: ${code}`, { proposalId: 'REG-2026-0001' });
        });
        const response = await send('POST', '/v1/registry/proposals/REG-2026-0001/approvals', undefined, ['admin']);
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({ code, status, details: { proposalId: 'REG-2026-0001' } });
    });
});
