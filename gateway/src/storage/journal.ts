import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurably } from './durable-file.js';

/**
 * An append-only JSON-lines file: each line a whole entry, the last line for a key wins. Appends are serialised and
 * (optionally) fsynced before they resolve; a torn last line after a crash is skipped on load. The file is
 * rewritten with only the live entries at open and whenever dead lines outnumber live ones.
 *
 * Appends made while a write is on its way to disk are written together by the next one, with one fsync (group
 * commit): the idempotency store journals every keyed transaction before it is ordered, so concurrent writes would
 * otherwise queue behind one fsync each.
 */
export class Journal<T extends { readonly id: string }> {
    readonly #file: string;
    readonly #fsync: boolean;
    #handle: FileHandle;
    #lines: number;
    #tail: Promise<void> = Promise.resolve();
    /** Lines waiting for the next write, and the promise that write settles. */
    #queued: string[] = [];
    #next: Promise<void> | undefined;
    #live: Readonly<{ entries: () => Iterable<T>; count: number }> = { entries: () => [], count: 0 };

    private constructor(file: string, fsync: boolean, handle: FileHandle, lines: number) {
        this.#file = file;
        this.#fsync = fsync;
        this.#handle = handle;
        this.#lines = lines;
    }

    /**
     * Loads the live entries and compacts the file. `keep` decides each entry; it is also given every entry loaded,
     * so that an entry can go together with the one it belongs to.
     *
     * @returns the journal and its entries by id.
     */
    static async open<T extends { readonly id: string }>(
        file: string,
        options: Readonly<{ fsync: boolean; keep: (entry: T, all: ReadonlyMap<string, T>) => boolean }>,
    ): Promise<{ journal: Journal<T>; entries: Map<string, T> }> {
        await mkdir(dirname(file), { recursive: true });
        const entries = new Map<string, T>();
        for (const entry of await readEntries<T>(file)) {
            entries.set(entry.id, entry);
        }
        const dropped = [...entries.values()].filter((entry) => !options.keep(entry, entries));
        for (const entry of dropped) {
            entries.delete(entry.id);
        }
        await rewrite(file, entries.values());
        const handle = await open(file, 'a');
        return { journal: new Journal<T>(file, options.fsync, handle, entries.size), entries };
    }

    /** Appends an entry; resolves once it is on disk. */
    append(entry: T, live: () => Iterable<T>, liveCount: number): Promise<void> {
        this.#queued.push(`${JSON.stringify(entry)}\n`);
        this.#live = { entries: live, count: liveCount };
        if (this.#next === undefined) {
            const next = this.#tail.then(() => this.#writeQueued());
            this.#next = next;
            this.#tail = next.catch(() => undefined);
        }
        return this.#next;
    }

    /** Writes every line queued so far in one append and one fsync; lines queued meanwhile wait for the next. */
    async #writeQueued(): Promise<void> {
        const lines = this.#queued;
        this.#queued = [];
        this.#next = undefined;
        await this.#handle.appendFile(lines.join(''));
        if (this.#fsync) {
            await this.#handle.datasync();
        }
        this.#lines += lines.length;
        const live = this.#live;
        if (this.#lines > 2 * live.count + 1_000) {
            await this.#compact(live.entries());
            this.#lines = live.count;
        }
    }

    /** Waits for pending appends and closes the file. */
    async close(): Promise<void> {
        await this.#tail;
        await this.#handle.close();
    }

    async #compact(entries: Iterable<T>): Promise<void> {
        await this.#handle.close();
        await rewrite(this.#file, entries);
        this.#handle = await open(this.#file, 'a');
    }
}

async function readEntries<T>(file: string): Promise<T[]> {
    let content: string;
    try {
        content = await readFile(file, 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return [];
        }
        throw error;
    }
    const entries: T[] = [];
    for (const line of content.split('\n')) {
        if (line.trim() === '') {
            continue;
        }
        try {
            entries.push(JSON.parse(line) as T);
        } catch {
            // A line torn by a crash mid-append; the request it recorded was never answered.
        }
    }
    return entries;
}

async function rewrite(file: string, entries: Iterable<unknown>): Promise<void> {
    let text = '';
    for (const entry of entries) {
        text += `${JSON.stringify(entry)}\n`;
    }
    await writeFileDurably(file, text);
}
