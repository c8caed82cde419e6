import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockImprint, verifyTimestampToken } from '@lendledger/verifier';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTsa, type TestTsa } from '../testing/test-tsa.js';
import { BlockTimestamps } from './block-timestamps.js';
import { TimestampUnavailableError } from './tsa-client.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures');

async function recordedBlock(kind: 'direct' | 'anchored' | 'sealed'): Promise<Uint8Array> {
    const receipt = JSON.parse(await readFile(join(FIXTURES, `receipt-${kind}.json`), 'utf8')) as {
        block: { bytes: string };
    };
    return new Uint8Array(Buffer.from(receipt.block.bytes, 'base64'));
}

/** Resolves once `condition` holds (background work has file I/O to do), or after ten seconds of asking. */
async function settled(condition: () => boolean | Promise<boolean>): Promise<void> {
    for (let turn = 0; turn < 2_000 && !(await condition()); turn++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

describe('BlockTimestamps', () => {
    let dir: string;
    let tsa: TestTsa;
    let errors: unknown[];
    let timestamps: BlockTimestamps;

    beforeEach(async () => {
        dir = await mkdtemp(join(tmpdir(), 'block-timestamps-'));
        tsa = await startTestTsa();
        errors = [];
        timestamps = await BlockTimestamps.open({
            dir,
            tsa: tsa.client,
            onError: (_block, error) => errors.push(error),
        });
    });

    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it("gives a block a token over its header's DER that verifies, kept in the folder as DER", async () => {
        const block = await recordedBlock('direct');
        const token = await timestamps.tokenFor(block);
        const { number, header } = blockImprint(block);
        expect((await verifyTimestampToken(token, header, [tsa.authority])).ok).toBe(true);
        expect(new Uint8Array(await readFile(join(dir, `${number}.tst`)))).toEqual(token);
    });

    it('asks the TSA once for concurrent and later requests of one block, also after a restart', async () => {
        const block = await recordedBlock('anchored');
        const tokens = await Promise.all([1, 2, 3].map(() => timestamps.tokenFor(block)));
        expect(tsa.requests).toBe(1);
        expect(new Set(tokens.map((t) => Buffer.from(t).toString('hex'))).size).toBe(1);
        const reopened = await BlockTimestamps.open({ dir, tsa: tsa.client });
        expect(await reopened.tokenFor(block)).toEqual(tokens[0]);
        expect(tsa.requests).toBe(1);
    });

    it('stamps a block once however many of its transactions commit, reading the block once', async () => {
        const block = await recordedBlock('sealed');
        let fetched = 0;
        const fetchBlock = async (): Promise<Uint8Array> => {
            fetched++;
            return block;
        };
        for (let i = 0; i < 5; i++) {
            timestamps.afterCommit(BigInt(blockImprint(block).number), fetchBlock);
        }
        await settled(async () => (await readdir(dir)).some((file) => file.endsWith('.tst')));
        expect([fetched, tsa.requests]).toEqual([1, 1]);
    });

    it('reports a failed stamp after a commit without throwing, and stamps the block when a receipt asks', async () => {
        const block = await recordedBlock('direct');
        tsa.available = false;
        timestamps.afterCommit(BigInt(blockImprint(block).number), async () => block);
        await settled(() => errors.length > 0);
        expect(errors).toEqual([expect.any(TimestampUnavailableError)]);
        await expect(timestamps.tokenFor(block)).rejects.toThrow(TimestampUnavailableError);
        tsa.available = true;
        expect(
            (await verifyTimestampToken(await timestamps.tokenFor(block), blockImprint(block).header, [tsa.authority]))
                .ok,
        ).toBe(true);
    });

    it('stamps again when the kept token dates another block of that number (a ledger started anew)', async () => {
        const direct = await recordedBlock('direct');
        const other = await recordedBlock(
            blockImprint(await recordedBlock('anchored')).number !== blockImprint(direct).number
                ? 'anchored'
                : 'sealed',
        );
        const foreign = await timestamps.tokenFor(other);
        await writeFile(join(dir, `${blockImprint(direct).number}.tst`), foreign);
        const token = await timestamps.tokenFor(direct);
        expect(token).not.toEqual(foreign);
        expect((await verifyTimestampToken(token, blockImprint(direct).header, [tsa.authority])).ok).toBe(true);
    });
});
