import { DIGEST, hashLeaves, hashUp, type LeafText, nodesAt, treeDepth } from './merkle-hashing.js';

/** Leaves hashed between two turns of the event loop (a few milliseconds of work): a power of two. */
const LEAVES_PER_TURN = 8192;

/** One zeroed buffer per level of a tree of `size` leaves, leaf level first; shared so hashing workers can fill them. */
export function allocateLevels(size: number): Buffer[] {
    if (size < 1) {
        throw new RangeError('a Merkle tree needs at least one leaf');
    }
    const levels: Buffer[] = [];
    for (let depth = 0; depth <= treeDepth(size); depth++) {
        levels.push(Buffer.from(new SharedArrayBuffer(nodesAt(size, depth) * DIGEST)));
    }
    return levels;
}

/** Canonical fingerprints as one text, each followed by a newline: the form the hashing functions read. */
export function leafTextOf(leaves: readonly string[]): LeafText {
    const bounds = new Uint32Array(leaves.length + 1);
    let bytes = 0;
    leaves.forEach((leaf, index) => {
        bytes += Buffer.byteLength(leaf) + 1;
        bounds[index + 1] = bytes;
    });
    const text = Buffer.from(new SharedArrayBuffer(bytes));
    leaves.forEach((leaf, index) => {
        text.write(leaf, bounds[index]!, 'utf8');
        text[bounds[index + 1]! - 1] = 0x0a;
    });
    return { text, bounds };
}

/**
 * Every level of an RFC 9162 Merkle tree, leaf hashes first, built bottom-up: nodes are paired left to right and
 * an unpaired last node moves up unchanged, which yields the same tree as RFC 9162's split at the largest power of
 * two. Keeping the levels (64 bytes per leaf in all) makes each inclusion proof a walk of log2(n) lookups.
 */
export class MerkleLevels {
    readonly #levels: readonly Buffer[];

    private constructor(levels: readonly Buffer[]) {
        this.#levels = levels;
    }

    /** The tree whose levels were filled elsewhere (by the hashing workers), leaf level first. */
    static ofLevels(levels: Buffer[]): MerkleLevels {
        return new MerkleLevels(levels);
    }

    /** Builds the tree over the UTF-8 bytes of each leaf (canonical fingerprints), in one go. */
    static ofLeaves(leaves: readonly string[] | LeafText): MerkleLevels {
        const text = 'bounds' in leaves ? leaves : leafTextOf(leaves);
        const size = text.bounds.length - 1;
        const levels = allocateLevels(size);
        hashLeaves(text, 0, size, levels[0]!);
        hashUp(levels, 0, size, 0, levels.length - 1);
        return new MerkleLevels(levels);
    }

    /**
     * Builds the tree like {@link MerkleLevels.ofLeaves}, giving the event loop a turn every few thousand hashes so
     * that a server hashing a million leaves keeps answering its other requests: spans of a power-of-two number of
     * leaves are hashed up to their own root, then the spans' roots up to the tree's.
     */
    static async ofLeavesYielding(leaves: readonly string[] | LeafText): Promise<MerkleLevels> {
        const text = 'bounds' in leaves ? leaves : leafTextOf(leaves);
        const size = text.bounds.length - 1;
        const levels = allocateLevels(size);
        const top = levels.length - 1;
        const spanTop = Math.min(treeDepth(LEAVES_PER_TURN), top);
        for (let first = 0; first < size; first += LEAVES_PER_TURN) {
            const last = Math.min(first + LEAVES_PER_TURN, size);
            hashLeaves(text, first, last, levels[0]!);
            hashUp(levels, first, last - first, 0, spanTop);
            await new Promise((resolve) => setImmediate(resolve));
        }
        hashUp(levels, 0, nodesAt(size, spanTop), spanTop, top);
        return new MerkleLevels(levels);
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
