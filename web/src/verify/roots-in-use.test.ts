import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRootsBundle, rootsBodyHash } from '@lendledger/verifier/verify';
import { describe, expect, it } from 'vitest';
import { establishRoots, pinnedAgain } from './roots-in-use.ts';

const ROOTS_TEXT = readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures', 'roots.json'),
    'utf8',
);

describe('the roots a verification trusts', () => {
    it('are trusted with the pin their body hashes to, and shown with that pin', async () => {
        const pin = rootsBodyHash(parseRootsBundle(ROOTS_TEXT));
        const roots = await establishRoots(ROOTS_TEXT, 'file', pin.toUpperCase());
        expect([roots.bodyHash, roots.source, roots.bundle.version]).toEqual([pin, 'file', 1]);
    });

    it('are refused with ROOTS_PIN_MISMATCH when the published pin is another', async () => {
        await expect(establishRoots(ROOTS_TEXT, 'gateway', '00'.repeat(32))).rejects.toMatchObject({
            code: 'ROOTS_PIN_MISMATCH',
        });
    });

    it('are refused when a signature no longer covers the body (one member changed after signing)', async () => {
        const edited = JSON.stringify({ ...JSON.parse(ROOTS_TEXT), network: 'another-network' });
        await expect(establishRoots(edited, 'file')).rejects.toMatchObject({ code: 'ROOTS_BAD_SIGNATURE' });
    });
});

describe('a published pin typed after the roots were loaded', () => {
    it('binds the roots in use on the next run: another pin refuses them, the right one marks them pinned', async () => {
        const pin = rootsBodyHash(parseRootsBundle(ROOTS_TEXT));
        const loaded = await establishRoots(ROOTS_TEXT, 'gateway');
        expect(loaded.pinned).toBe(false);
        await expect(pinnedAgain(loaded, 'ab'.repeat(32))).rejects.toMatchObject({ code: 'ROOTS_PIN_MISMATCH' });
        expect(await pinnedAgain(loaded, pin)).toMatchObject({ pinned: true, source: 'gateway', bodyHash: pin });
        expect((await pinnedAgain(loaded, undefined)).pinned).toBe(false);
    });
});
