import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Journal } from './journal.js';

interface Line {
    readonly id: string;
    readonly value: number;
}

let dir: string;

beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-'));
});

afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
});

async function fileHandlePrototype(): Promise<{ datasync: () => Promise<void> }> {
    const handle = await open(join(dir, 'probe'), 'a');
    const prototype = Object.getPrototypeOf(handle) as { datasync: () => Promise<void> };
    await handle.close();
    return prototype;
}

async function reopen(file: string): Promise<Map<string, Line>> {
    const { journal, entries } = await Journal.open<Line>(file, { fsync: false, keep: () => true });
    await journal.close();
    return entries;
}

describe('Journal', () => {
    it('writes appends made while a write is on its way with one fsync, and every one is on disk', async () => {
        const file = join(dir, 'journal.jsonl');
        const { journal } = await Journal.open<Line>(file, { fsync: true, keep: () => true });
        const datasync = vi.spyOn(await fileHandlePrototype(), 'datasync');
        const live: Line[] = [];

        await Promise.all(
            Array.from({ length: 20 }, (_, value) => {
                const line = { id: `k${value}`, value };
                live.push(line);
                return journal.append(line, () => live, live.length);
            }),
        );
        await journal.close();

        // The first append starts a write at once; the other 19 arrive while it runs and share the next one.
        expect(datasync.mock.calls.length).toBeLessThanOrEqual(2);
        expect([...(await reopen(file)).values()].map((line) => line.value)).toEqual(live.map((line) => line.value));
    });

    it('keeps the order of appends, so the last line for a key wins', async () => {
        const file = join(dir, 'journal.jsonl');
        const { journal } = await Journal.open<Line>(file, { fsync: false, keep: () => true });
        const appends = [1, 2, 3, 4].map((value) => journal.append({ id: 'same', value }, () => [], 1));
        await Promise.all(appends);
        await journal.append({ id: 'same', value: 5 }, () => [], 1);
        await journal.close();

        expect((await reopen(file)).get('same')).toEqual({ id: 'same', value: 5 });
    });

    it('rejects every append of a write that failed, and writes the next ones', async () => {
        const file = join(dir, 'journal.jsonl');
        const { journal } = await Journal.open<Line>(file, { fsync: true, keep: () => true });
        const datasync = vi.spyOn(await fileHandlePrototype(), 'datasync');
        datasync.mockRejectedValueOnce(new Error('disk gone'));

        const first = journal.append({ id: 'a', value: 1 }, () => [], 1);
        await expect(first).rejects.toThrow('disk gone');
        await journal.append({ id: 'b', value: 2 }, () => [], 2);
        await journal.close();

        expect((await reopen(file)).get('b')).toEqual({ id: 'b', value: 2 });
    });
});
