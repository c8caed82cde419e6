import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const LOAN = `loan:${'d'.repeat(64)}`;
const SUBJECT = `subj:${'e'.repeat(64)}`;
const DEAL = 'DEAL-2026-1';

/** Every paginated list route, with the fields it needs besides paging, and the chaincode function behind it. */
const LISTS = [
    ['/v1/anchors?', 'Anchor:List'],
    [`/v1/loans/${LOAN}/evidence?`, 'Evidence:ListByLoan'],
    ['/v1/cases?court=CourtMSP&', 'Case:ListByCourt'],
    [`/v1/consents?subject=${SUBJECT}&`, 'Consent:ListBySubject'],
    ['/v1/consent-uses?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&', 'Consent:ListUsesByGrantee'],
    ['/v1/abs/deals?', 'AbsDeal:ListDeals'],
    [`/v1/abs/deals/${DEAL}/pool/loans?`, 'AbsPool:ListLoans'],
    [`/v1/abs/deals/${DEAL}/periods?`, 'AbsReport:ListPeriodReports'],
] as const;

/** Bookmarks no query issues: the value that crashed a peer (issue 10), raw keys, padding, overlong ones. */
const FOREIGN_BOOKMARKS = [
    ['the bookmark that crashed a peer', '%C2%9D%C2%93%C3%AB'],
    ['a raw composite key', '%00anchor%00abc%00'],
    ['standard base64', 'YWJj%2B%2F'],
    ['padding', 'YWJjZA%3D%3D'],
    ['a space', 'a%20b'],
    ['2049 characters', 'A'.repeat(2049)],
] as const;

describe('paging query parameters', () => {
    const suite = routeSuite();

    describe.each(LISTS)('GET %s…', (prefix, transaction) => {
        it.each(FOREIGN_BOOKMARKS)(
            'refuses %s with 400 VALIDATION_FAILED before any peer sees it',
            async (_case, bookmark) => {
                const response = await suite.send('GET', `${prefix}bookmark=${bookmark}`, undefined, ['auditor']);
                expect(response.statusCode).toBe(400);
                expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
                expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
                expect(suite.gateway.ledger.evaluated).toHaveLength(0);
            },
        );

        it(`passes a base64url bookmark of 2048 characters to ${transaction}`, async () => {
            const bookmark = `${'A'.repeat(2046)}-_`;
            const response = await suite.send('GET', `${prefix}bookmark=${bookmark}`, undefined, ['auditor']);
            expect(response.statusCode).toBe(200);
            const [call] = suite.gateway.ledger.evaluated;
            expect(call?.name).toBe(transaction);
            expect(JSON.parse(call?.args[0] ?? '{}')).toMatchObject({ bookmark });
        });

        it(`answers ${transaction}'s INVALID_BOOKMARK refusal with 400 problem+json`, async () => {
            suite.gateway.ledger.on(transaction, () => {
                throw rejection('INVALID_BOOKMARK', 'bookmark does not belong to this query', { field: 'bookmark' });
            });
            const response = await suite.send('GET', `${prefix}bookmark=QUJD`, undefined, ['auditor']);
            expect(response.statusCode).toBe(400);
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(response.json()).toMatchObject({ code: 'INVALID_BOOKMARK', details: { field: 'bookmark' } });
        });
    });

    it('sends no bookmark when the query names none, so the chaincode starts at the first page', async () => {
        await suite.send('GET', '/v1/anchors', undefined, ['auditor']);
        expect(suite.gateway.ledger.evaluated[0]?.args).toEqual([canonicalJson({ pageSize: 100 })]);
    });
});
