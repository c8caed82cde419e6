import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blockImprint, decodeTimestampToken } from '@lendledger/verifier';
import { bytesEqual } from '@lendledger/domain';
import { writeFileDurably } from '../storage/durable-file.js';
import { type TsaClient } from './tsa-client.js';

/** Where {@link BlockTimestamps} keeps tokens and whom it asks. */
export interface BlockTimestampsOptions {
    /** Folder of the kept tokens, one DER file per block (`<number>.tst`, readable with `openssl ts`). */
    readonly dir: string;
    readonly tsa: Pick<TsaClient, 'stamp'>;
    /** Told about a time-stamp that failed after a commit (the write itself is not affected). */
    readonly onError?: (blockNumber: bigint, error: unknown) => void;
}

/** How many recently stamped block numbers are remembered, so later commits of the same block cost nothing. */
const RECENT_BLOCKS = 4_096;

/**
 * The RFC 3161 tokens of blocks: the imprint is SHA-256 of the block header's DER, so one token dates every
 * transaction of the block. Blocks holding this gateway's writes are stamped right after they commit, one request
 * per block however many of its transactions commit here; a block without a kept token (written through another
 * gateway, or while the TSA was down) is stamped when a receipt needs it. Tokens are kept in the data folder.
 */
export class BlockTimestamps {
    readonly #dir: string;
    readonly #tsa: Pick<TsaClient, 'stamp'>;
    readonly #onError: (blockNumber: bigint, error: unknown) => void;
    readonly #pending = new Map<number, Promise<Uint8Array>>();
    readonly #recent = new Set<bigint>();

    private constructor(options: Readonly<BlockTimestampsOptions>) {
        this.#dir = options.dir;
        this.#tsa = options.tsa;
        this.#onError = options.onError ?? (() => undefined);
    }

    static async open(options: Readonly<BlockTimestampsOptions>): Promise<BlockTimestamps> {
        await mkdir(options.dir, { recursive: true, mode: 0o700 });
        return new BlockTimestamps(options);
    }

    /**
     * Stamps a block this gateway's transaction committed in, in the background: the write has already succeeded
     * and never waits for, or fails with, the TSA. Repeated calls for one block make one request.
     *
     * @param fetchBlock - reads the block from the peer; called only when the block has no token yet.
     */
    afterCommit(blockNumber: bigint, fetchBlock: () => Promise<Uint8Array>): void {
        if (this.#recent.has(blockNumber)) {
            return;
        }
        this.#remember(blockNumber);
        void (async () => {
            if ((await this.#kept(Number(blockNumber))) === undefined) {
                await this.tokenFor(await fetchBlock());
            }
        })().catch((error: unknown) => {
            // Not stamped now: the receipt of a transaction in it asks again.
            this.#recent.delete(blockNumber);
            this.#onError(blockNumber, error);
        });
    }

    /**
     * The token of a serialized block: the kept one when it dates this very block, else a new one, kept.
     *
     * @throws {@link TimestampUnavailableError} when none is kept and the TSA gives no valid token.
     */
    async tokenFor(block: Uint8Array): Promise<Uint8Array> {
        const imprint = blockImprint(block);
        const kept = await this.#kept(imprint.number);
        if (kept !== undefined && bytesEqual(decodeTimestampToken(kept).imprint.hashedMessage, imprint.sha256)) {
            return kept;
        }
        let pending = this.#pending.get(imprint.number);
        if (pending === undefined) {
            pending = this.#stamp(imprint.number, imprint.header).finally(() => this.#pending.delete(imprint.number));
            this.#pending.set(imprint.number, pending);
        }
        return pending;
    }

    async #stamp(number: number, header: Uint8Array): Promise<Uint8Array> {
        const token = await this.#tsa.stamp(header, `block ${number}'s header`);
        await writeFileDurably(this.#file(number), token);
        this.#remember(BigInt(number));
        return token;
    }

    async #kept(number: number): Promise<Uint8Array | undefined> {
        try {
            const token = new Uint8Array(await readFile(this.#file(number)));
            decodeTimestampToken(token);
            return token;
        } catch {
            // Absent, or unreadable (it is then stamped again and replaced).
            return undefined;
        }
    }

    #file(number: number): string {
        return join(this.#dir, `${number}.tst`);
    }

    #remember(blockNumber: bigint): void {
        if (this.#recent.size >= RECENT_BLOCKS) {
            this.#recent.delete(this.#recent.values().next().value!);
        }
        this.#recent.add(blockNumber);
    }
}
