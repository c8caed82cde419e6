import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces a file's content as one step: writes a temporary file beside it (mode 0600), fsyncs it, and renames it
 * over the file, so that a crash leaves the old content or the new one, never a torn mix. Each call has its own
 * temporary file, so concurrent writers of the same file do not trip over each other (the last rename wins). The
 * folder is fsynced after the rename: until then the new name itself may be lost with power, and an append to the
 * file (journal compaction) would go to a file that is not there after a restart.
 *
 * @throws the file system's error; the temporary file is removed and the file keeps its old content.
 */
export async function writeFileDurably(file: string, text: string | Uint8Array): Promise<void> {
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
        const handle = await open(temporary, 'w', 0o600);
        try {
            await handle.writeFile(text);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temporary, file);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
    await syncFolder(dirname(file));
}

async function syncFolder(folder: string): Promise<void> {
    const handle = await open(folder, 'r');
    try {
        await handle.sync();
    } catch (error) {
        // Some file systems cannot fsync a folder; there the rename is as durable as it gets.
        if (!['EINVAL', 'EISDIR', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) {
            throw error;
        }
    } finally {
        await handle.close();
    }
}
