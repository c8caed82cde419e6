import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type * as FsPromises from 'node:fs/promises';

/** File-system steps in order: `open <path>`, `sync <path>`, `rename <to>`. */
const steps: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
    const fs = await importOriginal<typeof FsPromises>();
    return {
        ...fs,
        open: async (path: string, ...rest: [string?, number?]) => {
            const handle = await fs.open(path, ...rest);
            steps.push(`open ${path}`);
            const sync = handle.sync.bind(handle);
            handle.sync = async () => {
                steps.push(`sync ${path}`);
                await sync();
            };
            return handle;
        },
        rename: async (from: string, to: string) => {
            await fs.rename(from, to);
            steps.push(`rename ${to}`);
        },
    };
});

const { writeFileDurably } = await import('./durable-file.js');

const folders: string[] = [];

afterAll(async () => {
    for (const dir of folders.splice(0)) {
        await rm(dir, { recursive: true, force: true });
    }
});

describe('writeFileDurably', () => {
    it('fsyncs the folder after the rename, so the new name survives a power loss', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'durable-file-'));
        folders.push(dir);
        const file = join(dir, 'state.json');

        await writeFileDurably(file, 'new content');

        expect(await readFile(file, 'utf8')).toBe('new content');
        const renamed = steps.indexOf(`rename ${file}`);
        expect(renamed).toBeGreaterThanOrEqual(0);
        expect(steps.slice(renamed + 1)).toContain(`sync ${dir}`);
    });
});
