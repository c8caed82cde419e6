import { type Context } from 'fabric-contract-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger, PeerPanicError, USERS, createCompositeKey } from '../testing/memory-ledger.js';
import { decodeBookmark, encodeBookmark, pageRequestOf, readPage, type KeyRange, type Page } from './page-reader.js';
import { refusalOf } from '../testing/refusals.js';

/** The value that made goleveldb panic on the platform peer (issue 10, finding 1), as the gateway decoded it. */
const CRASHING_BOOKMARK = '\u009d\u0093\u00eb';

const ANCHORS: KeyRange = { objectType: 'anchor', attributes: [] };
const LOAN_A: KeyRange = { objectType: 'evidence', attributes: ['loan-a'] };
const USES: KeyRange = { startKey: 'use:bank:2026-01', endKey: 'use:bank:2026-03' };

/** Runs `body` as one transaction of the ledger, so it gets a stub that behaves like the peer. */
async function inTransaction<T>(ledger: MemoryLedger, body: (ctx: Context) => Promise<T>): Promise<T> {
    let value: T | undefined;
    const contract = {
        async Run(ctx: Context): Promise<void> {
            value = await body(ctx);
        },
    };
    await ledger.invoke(contract, 'Run', USERS.platform);
    return value as T;
}

describe('page reader', () => {
    let ledger: MemoryLedger;
    const page = (range: KeyRange, bookmark: string, pageSize = 2): Promise<Page<{ n: number }>> =>
        inTransaction(ledger, (ctx) => readPage<{ n: number }>(ctx, range, { pageSize, bookmark }));

    beforeEach(async () => {
        ledger = new MemoryLedger();
        await inTransaction(ledger, async (ctx) => {
            const keys = [
                createCompositeKey('abs.deal', ['D1']),
                ...[1, 2, 3, 4, 5].map((n) => createCompositeKey('anchor', [`a${n}`])),
                createCompositeKey('evidence', ['loan-a', '1']),
                createCompositeKey('evidence', ['loan-a', '2']),
                createCompositeKey('evidence', ['loan-b', '1']),
                'use:bank:2026-01-15',
                'use:bank:2026-02-15',
                'use:bank:2026-03-15',
                'use:other:2026-02-01',
            ];
            for (const [n, key] of keys.entries()) {
                await ctx.stub.putState(key, Buffer.from(JSON.stringify({ n })));
            }
        });
    });

    describe('readPage', () => {
        it('pages through a composite-key prefix with the bookmarks it issues', async () => {
            const first = await page(ANCHORS, '');
            const second = await page(ANCHORS, first.bookmark);
            const third = await page(ANCHORS, second.bookmark);
            expect([first, second, third].map((p) => p.items.map((item) => item.n))).toEqual([[1, 2], [3, 4], [5]]);
            expect(first.bookmark).toBe(encodeBookmark(createCompositeKey('anchor', ['a3'])));
            expect(first.bookmark).toMatch(/^[A-Za-z0-9_-]+$/);
            expect(third.bookmark).toBe('');
        });

        it('pages through a simple-key range', async () => {
            const first = await page(USES, '', 1);
            const second = await page(USES, first.bookmark, 1);
            expect([first.items, second.items]).toEqual([[{ n: 9 }], [{ n: 10 }]]);
            expect(second.bookmark).toBe('');
        });

        it('starts at the first key for an empty bookmark', async () => {
            expect((await page(LOAN_A, '')).items).toEqual([{ n: 6 }, { n: 7 }]);
        });

        it('refuses a range that starts after it ends before the peer sees it', async () => {
            const error = await refusalOf(page({ startKey: 'use:bank:2026-03', endKey: 'use:bank:2026-01' }, ''));
            expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'range' } });
        });

        it('orders keys by UTF-8 bytes as the peer does, not by UTF-16 code units', async () => {
            // U+10000 sorts before U+FFFF in JavaScript strings but after it in UTF-8, so this range is reversed.
            const error = await refusalOf(page({ startKey: 'k\u{10000}', endKey: 'k\uffff' }, ''));
            expect(error.code).toBe('INVALID_ARGUMENT');
        });

        it('refuses a bookmark before the start of the range', async () => {
            const before = encodeBookmark(createCompositeKey('abs.deal', ['D1']));
            expect(await refusalOf(page(ANCHORS, before))).toMatchObject({
                code: 'INVALID_BOOKMARK',
                details: { field: 'bookmark' },
            });
        });

        it('refuses a bookmark after the end of the range', async () => {
            expect((await refusalOf(page(USES, encodeBookmark('use:bank:2026-03-15')))).code).toBe('INVALID_BOOKMARK');
            expect((await refusalOf(page(USES, encodeBookmark('use:bank:2026-03')))).code).toBe('INVALID_BOOKMARK');
        });

        it("refuses a bookmark outside the query's prefix, such as another loan's", async () => {
            const otherLoan = encodeBookmark(createCompositeKey('evidence', ['loan-b', '1']));
            expect((await refusalOf(page(LOAN_A, otherLoan))).code).toBe('INVALID_BOOKMARK');
            const prefixEnd = encodeBookmark(`${createCompositeKey('evidence', ['loan-a'])}\u{10ffff}`);
            expect((await refusalOf(page(LOAN_A, prefixEnd))).code).toBe('INVALID_BOOKMARK');
        });

        it('refuses the bookmark that crashed a peer, raw or as the key it would name', async () => {
            expect((await refusalOf(page(ANCHORS, CRASHING_BOOKMARK))).code).toBe('INVALID_BOOKMARK');
            expect((await refusalOf(page(ANCHORS, encodeBookmark(CRASHING_BOOKMARK)))).code).toBe('INVALID_BOOKMARK');
            expect((await refusalOf(page(USES, encodeBookmark(CRASHING_BOOKMARK)))).code).toBe('INVALID_BOOKMARK');
        });

        it('refuses a page size outside 1..1000', async () => {
            for (const pageSize of [0, 1001, 1.5, Number.NaN]) {
                expect((await refusalOf(page(ANCHORS, '', pageSize))).details).toMatchObject({ field: 'pageSize' });
            }
        });

        it('refuses an empty or separator-bearing key part instead of handing it to the shim', async () => {
            expect((await refusalOf(page({ objectType: 'evidence', attributes: [''] }, ''))).code).toBe(
                'INVALID_ARGUMENT',
            );
            expect((await refusalOf(page({ objectType: 'evidence', attributes: ['a\u0000'] }, ''))).code).toBe(
                'INVALID_ARGUMENT',
            );
        });
    });

    describe('decodeBookmark', () => {
        const start = 'use:bank:2026-01';
        const end = 'use:bank:2026-03';

        it('answers the key a bookmark inside the range names', () => {
            expect(decodeBookmark(encodeBookmark('use:bank:2026-02-15'), start, end)).toBe('use:bank:2026-02-15');
            expect(decodeBookmark(encodeBookmark(start), start, end)).toBe(start);
            expect(decodeBookmark('', start, end)).toBe('');
        });

        it.each([
            ['the crashing value', CRASHING_BOOKMARK],
            ['a raw composite key', createCompositeKey('anchor', ['a1'])],
            ['percent-encoding', '%C2%9D%C2%93%C3%AB'],
            ['padded base64', `${encodeBookmark('use:bank:2026-02')}=`],
            ['standard base64 characters', 'dXNl+/'],
            // Decodes to use:bank:2026-02, inside the range, but its last character carries bits no encoder sets.
            ['a base64url form with stray bits', 'dXNlOmJhbms6MjAyNi0wMh'],
            ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe]).toString('base64url')],
            ['one character too many', 'A'.repeat(2049)],
        ])('refuses %s', (_label, bookmark) => {
            expect(() => decodeBookmark(bookmark, start, end)).toThrow(
                expect.objectContaining({ code: 'INVALID_BOOKMARK' }),
            );
        });
    });

    describe('pageRequestOf', () => {
        it('defaults to the first page of the default size', () => {
            expect(pageRequestOf({})).toEqual({ pageSize: 100, bookmark: '' });
            expect(pageRequestOf({ pageSize: null, bookmark: null })).toEqual({ pageSize: 100, bookmark: '' });
        });

        it('refuses a bookmark that is not a base64url string', () => {
            for (const bookmark of [42, {}, CRASHING_BOOKMARK, 'a b', 'x'.repeat(2049)]) {
                expect(() => pageRequestOf({ bookmark })).toThrow(
                    expect.objectContaining({ code: 'INVALID_BOOKMARK' }),
                );
            }
        });

        it('refuses a page size that is not an integer in range', () => {
            for (const pageSize of ['100', 0, 1001, 2.5]) {
                expect(() => pageRequestOf({ pageSize })).toThrow(
                    expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
                );
            }
        });
    });

    describe('the memory ledger', () => {
        it('panics like the real peer when an unguarded query starts after its end', async () => {
            const unguarded = inTransaction(ledger, (ctx) =>
                ctx.stub.getStateByPartialCompositeKeyWithPagination('anchor', [], 10, CRASHING_BOOKMARK),
            );
            await expect(unguarded).rejects.toBeInstanceOf(PeerPanicError);
        });

        it('lets an unguarded bookmark before the start read keys of other records, as the peer does', async () => {
            const leaked = await inTransaction(ledger, async (ctx) => {
                const { iterator } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
                    'anchor',
                    [],
                    1,
                    createCompositeKey('abs.deal', ['D1']),
                );
                const first = await iterator.next();
                return first.value.key;
            });
            expect(leaked).toBe(createCompositeKey('abs.deal', ['D1']));
        });
    });
});
