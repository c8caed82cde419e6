/**
 * A map that forgets everything once it holds `limit` entries. Receipts come from a handful of certificates, so the
 * working set is tiny; the bound only stops a long-running verifier fed hostile input from growing without end.
 */
export class BoundedCache<V> {
    readonly #entries = new Map<string, V>();
    readonly #limit: number;

    constructor(limit = 10_000) {
        this.#limit = limit;
    }

    /** The cached value, or the one `make` computes (and caches). */
    getOrCreate(key: string, make: () => V): V {
        const cached = this.#entries.get(key);
        if (cached !== undefined) {
            return cached;
        }
        if (this.#entries.size >= this.#limit) {
            this.#entries.clear();
        }
        const value = make();
        this.#entries.set(key, value);
        return value;
    }
}
