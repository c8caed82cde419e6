import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevKey } from './dev-issuer.js';

describe('the development issuer key', () => {
    const dirs: string[] = [];
    afterEach(async () => {
        for (const dir of dirs.splice(0)) {
            await rm(dir, { recursive: true, force: true });
        }
    });

    it('is one key for many gateways creating it at once, with no draft file left behind', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
        dirs.push(dir);
        const keyPath = join(dir, 'gateways', 'dev-issuer-key.json');
        const keys = await Promise.all(Array.from({ length: 24 }, () => loadOrCreateDevKey(keyPath)));
        expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
        expect(await readdir(join(dir, 'gateways'))).toEqual(['dev-issuer-key.json']);
        expect((await loadOrCreateDevKey(keyPath)).kid).toBe(keys[0]!.kid);
    });
});
