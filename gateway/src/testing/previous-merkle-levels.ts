/**
 * The Merkle tree builder as it was before the hashing moved to worker threads (commit b7c0226), kept verbatim as
 * the oracle the new builders are compared with: a sealed root and its proofs must stay byte-identical, since
 * verifiers check proofs offline against roots already on the ledger.
 */
import { hash } from 'node:crypto';

/** Hashes computed between two turns of the event loop (a few milliseconds of work). */
const HASHES_PER_TURN = 8192;
const DIGEST = 32;

/**
 * The levels, each one contiguous buffer of 32-byte hashes, filled as `steps` runs (one step is one slice of
 * hashing). Leaves are hashed as SHA-256(0x00 ‖ UTF-8 fingerprint), nodes as SHA-256(0x01 ‖ left ‖ right); a
 * level's unpaired last node moves up unchanged.
 */
function buildLevels(leaves: readonly string[]): { levels: Buffer[]; steps: Generator<void> } {
    if (leaves.length === 0) {
        throw new RangeError('a Merkle tree needs at least one leaf');
    }
    const levels: Buffer[] = [];
    function* steps(): Generator<void> {
        let level = Buffer.allocUnsafe(leaves.length * DIGEST);
        const scratch = Buffer.alloc(256);
        for (let i = 0; i < leaves.length; i++) {
            // Canonical fingerprints are ASCII, so latin1 writes their UTF-8 bytes.
            const length = 1 + scratch.write(leaves[i]!, 1, 'latin1');
            hash('sha256', scratch.subarray(0, length), 'buffer').copy(level, i * DIGEST);
            if (i % HASHES_PER_TURN === HASHES_PER_TURN - 1) {
                yield;
            }
        }
        levels.push(level);
        const pair = Buffer.alloc(1 + 2 * DIGEST);
        pair[0] = 1;
        for (let count = leaves.length; count > 1; count = Math.ceil(count / 2)) {
            const next = Buffer.allocUnsafe(Math.ceil(count / 2) * DIGEST);
            for (let i = 0; i + 1 < count; i += 2) {
                level.copy(pair, 1, i * DIGEST, (i + 2) * DIGEST);
                hash('sha256', pair, 'buffer').copy(next, (i / 2) * DIGEST);
                if (i % (2 * HASHES_PER_TURN) === 2 * HASHES_PER_TURN - 2) {
                    yield;
                }
            }
            if (count % 2 === 1) {
                level.copy(next, ((count - 1) / 2) * DIGEST, (count - 1) * DIGEST, count * DIGEST);
            }
            levels.push(next);
            level = next;
        }
    }
    return { levels, steps: steps() };
}

/**
 * Every level of an RFC 9162 Merkle tree, leaf hashes first, built bottom-up: nodes are paired left to right and
 * an unpaired last node moves up unchanged, which yields the same tree as RFC 9162's split at the largest power of
 * two. Keeping the levels (64 bytes per leaf in all) makes each inclusion proof a walk of log2(n) lookups.
 */
export class PreviousMerkleLevels {
    readonly #levels: Buffer[];

    private constructor(levels: Buffer[]) {
        this.#levels = levels;
    }

    /** Builds the tree over the UTF-8 bytes of each leaf (canonical fingerprints), in one go. */
    static ofLeaves(leaves: readonly string[]): PreviousMerkleLevels {
        const build = buildLevels(leaves);
        for (let step = build.steps.next(); !step.done; step = build.steps.next()) {
            // Nothing to yield to.
        }
        return new PreviousMerkleLevels(build.levels);
    }

    /**
     * Builds the tree like {@link PreviousMerkleLevels.ofLeaves}, giving the event loop a turn every few thousand hashes so
     * that a server hashing a million leaves keeps answering its other requests.
     */
    static async ofLeavesYielding(leaves: readonly string[]): Promise<PreviousMerkleLevels> {
        const build = buildLevels(leaves);
        for (let step = build.steps.next(); !step.done; step = build.steps.next()) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        return new PreviousMerkleLevels(build.levels);
    }

    get size(): number {
        return this.#levels[0]!.length / DIGEST;
    }

    /** Bytes the levels occupy. */
    get bytes(): number {
        return this.#levels.reduce((sum, level) => sum + level.length, 0);
    }

    /** The root, lower-case hex. */
    get root(): string {
        return this.#levels.at(-1)!.toString('hex');
    }

    /** The leaf hash at `index`, lower-case hex. */
    leafHash(index: number): string {
        this.#check(index);
        return this.#node(0, index);
    }

    /** The RFC 9162 audit path of the leaf at `index`, from its sibling upwards, lower-case hex. */
    auditPath(index: number): string[] {
        this.#check(index);
        const path: string[] = [];
        let position = index;
        for (let depth = 0; depth < this.#levels.length - 1; depth++) {
            const sibling = position ^ 1;
            if (sibling < this.#levels[depth]!.length / DIGEST) {
                path.push(this.#node(depth, sibling));
            }
            position >>= 1;
        }
        return path;
    }

    #node(depth: number, index: number): string {
        return this.#levels[depth]!.toString('hex', index * DIGEST, (index + 1) * DIGEST);
    }

    #check(index: number): void {
        if (!Number.isInteger(index) || index < 0 || index >= this.size) {
            throw new RangeError(`leaf index ${index} is outside a tree of ${this.size} leaves`);
        }
    }
}
