/**
 * Splits items, in order, into chunks of at most `size` items and at most `maxWeight` total weight (an item
 * heavier than `maxWeight` gets a chunk of its own; the chaincode then refuses it with its own error).
 *
 * @example chunkItems([1, 2, 3, 4, 5], 2) → [[1, 2], [3, 4], [5]]
 */
export function chunkItems<T>(
    items: readonly T[],
    size: number,
    weight: (item: T) => number = () => 0,
    maxWeight = Number.POSITIVE_INFINITY,
): T[][] {
    const chunks: T[][] = [];
    let current: T[] = [];
    let currentWeight = 0;
    for (const item of items) {
        const itemWeight = weight(item);
        if (current.length > 0 && (current.length >= size || currentWeight + itemWeight > maxWeight)) {
            chunks.push(current);
            current = [];
            currentWeight = 0;
        }
        current.push(item);
        currentWeight += itemWeight;
    }
    if (current.length > 0) {
        chunks.push(current);
    }
    return chunks;
}
