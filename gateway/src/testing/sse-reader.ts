/** One Server-Sent Events message; comment and retry lines are kept for tests that check them. */
export interface SseMessage {
    readonly id?: string;
    readonly event?: string;
    readonly data?: string;
    readonly comment?: string;
    readonly retry?: string;
}

/** Reads Server-Sent Events messages from a fetch response, one block at a time. */
export class SseReader {
    readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
    readonly #decoder = new TextDecoder();
    #buffer = '';

    constructor(response: Response) {
        this.#reader = response.body!.getReader();
    }

    /** The next `count` messages that carry an event (comments and retry lines are skipped unless asked for). */
    async events(count: number): Promise<SseMessage[]> {
        const found: SseMessage[] = [];
        while (found.length < count) {
            const message = await this.next();
            if (!message) {
                break;
            }
            if (message.event !== undefined) {
                found.push(message);
            }
        }
        return found;
    }

    async next(): Promise<SseMessage | undefined> {
        for (;;) {
            const end = this.#buffer.indexOf('\n\n');
            if (end >= 0) {
                const block = this.#buffer.slice(0, end);
                this.#buffer = this.#buffer.slice(end + 2);
                return parseBlock(block);
            }
            const chunk = await this.#reader.read();
            if (chunk.done) {
                return undefined;
            }
            this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
        }
    }

    async cancel(): Promise<void> {
        await this.#reader.cancel();
    }
}

function parseBlock(block: string): SseMessage {
    const message: Record<string, string> = {};
    for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
            message.comment = line.slice(1).trim();
            continue;
        }
        const colon = line.indexOf(':');
        message[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
    }
    return message;
}
