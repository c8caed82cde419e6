/**
 * Test support: where else an RFC 9162 audit path verifies. The verification algorithm (RFC 9162 §2.1.3.2) reads
 * only the index and the size to decide, step by step, whether each sibling sits to the left or the right; the
 * root it reaches depends on nothing else. So a path verifies, to the same root, at every (index, size) that makes
 * the same decisions over the same number of steps — the forger's menu this module lists.
 */

/** A leaf position in a tree. */
export interface TreePosition {
    readonly index: number;
    readonly treeSize: number;
}

/**
 * The side of each step's sibling for the leaf at `index` of `treeSize` leaves ('L' when the sibling is hashed on the
 * left), following §2.1.3.2 without hashing; undefined when a path of `length` steps cannot verify there.
 */
export function stepSides(index: number, treeSize: number, length: number): string | undefined {
    if (index < 0 || index >= treeSize) {
        return undefined;
    }
    let fn = index;
    let sn = treeSize - 1;
    let sides = '';
    for (let step = 0; step < length; step++) {
        if (sn === 0) {
            return undefined;
        }
        if (fn % 2 === 1 || fn === sn) {
            sides += 'L';
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
        } else {
            sides += 'R';
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 ? sides : undefined;
}

/**
 * Every other position in trees of up to `maxSize` leaves at which the audit path of `at` (of `length` steps)
 * verifies to the same root. There are infinitely many for some paths (the last leaf of 2^k + 1 leaves has one
 * step for every k), hence the bound.
 */
export function positionsSharingPath(at: TreePosition, length: number, maxSize: number): TreePosition[] {
    const sides = stepSides(at.index, at.treeSize, length);
    const found: TreePosition[] = [];
    for (let treeSize = 1; treeSize <= maxSize; treeSize++) {
        for (let index = 0; index < treeSize; index++) {
            const same = stepSides(index, treeSize, length) === sides;
            if (same && (index !== at.index || treeSize !== at.treeSize)) {
                found.push({ index, treeSize });
            }
        }
    }
    return found;
}
