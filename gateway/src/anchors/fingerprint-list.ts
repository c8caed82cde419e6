import { type LeafText } from './merkle-hashing.js';
import { leafTextOf } from './merkle-levels.js';

/**
 * A sealed batch's fingerprints as one text (each followed by a newline) in shared memory, as the streaming parser
 * collects them: the hashing workers read it in place, and the leaves file is its bytes without the last newline.
 */
export class FingerprintList implements LeafText {
    readonly text: Buffer;
    readonly bounds: Uint32Array;

    constructor(text: Buffer, bounds: Uint32Array) {
        this.text = text;
        this.bounds = bounds;
    }

    /** The list of these fingerprints (tests, and batches held as strings). */
    static of(fingerprints: readonly string[]): FingerprintList {
        const { text, bounds } = leafTextOf(fingerprints);
        return new FingerprintList(Buffer.from(text.buffer, text.byteOffset, text.byteLength), bounds);
    }

    get size(): number {
        return this.bounds.length - 1;
    }

    /** The leaves file's content: the fingerprints joined by newlines. */
    fileText(): Buffer {
        return this.text.subarray(0, this.bounds[this.size]! - 1);
    }

    /** The fingerprints as strings, in order. */
    strings(): string[] {
        return this.fileText().toString('utf8').split('\n');
    }
}
