/** One Server-Sent Events message. */
export interface SseMessage {
    readonly id?: string;
    readonly event?: string;
    readonly data?: string;
}

/**
 * Reads a text/event-stream response message by message (comment and retry lines are skipped), as a browser's
 * EventSource would, but under the test's control: it can stop, and reconnect with the last id it saw.
 */
export class SseClient {
    readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
    readonly #controller: AbortController;
    readonly #decoder = new TextDecoder();
    #buffer = '';

    private constructor(response: Response, controller: AbortController) {
        this.#reader = response.body!.getReader();
        this.#controller = controller;
    }

    /**
     * Opens a stream; `lastEventId` resumes after that event.
     *
     * @throws Error with the problem document when the gateway refuses the stream.
     */
    static async open(url: string, authorization: string, lastEventId?: string): Promise<SseClient> {
        const controller = new AbortController();
        const response = await fetch(url, {
            headers: {
                authorization,
                accept: 'text/event-stream',
                ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
            },
            signal: controller.signal,
        });
        if (response.status !== 200 || !response.body) {
            throw new Error(`event stream refused: HTTP ${response.status} ${await response.text()}`);
        }
        return new SseClient(response, controller);
    }

    /** The next `count` event messages, failing after `timeoutMillis`. */
    async events(count: number, timeoutMillis = 60_000): Promise<SseMessage[]> {
        const found: SseMessage[] = [];
        const timer = setTimeout(() => this.#controller.abort(), timeoutMillis);
        try {
            while (found.length < count) {
                const message = await this.#next();
                if (!message) {
                    throw new Error(`stream ended after ${found.length} of ${count} events`);
                }
                if (message.event !== undefined) {
                    found.push(message);
                }
            }
            return found;
        } catch (error) {
            if (this.#controller.signal.aborted) {
                throw new Error(`only ${found.length} of ${count} events in ${timeoutMillis} ms`, { cause: error });
            }
            throw error;
        } finally {
            clearTimeout(timer);
        }
    }

    close(): void {
        this.#controller.abort();
    }

    async #next(): Promise<SseMessage | undefined> {
        for (;;) {
            const end = this.#buffer.indexOf('\n\n');
            if (end >= 0) {
                const block = this.#buffer.slice(0, end);
                this.#buffer = this.#buffer.slice(end + 2);
                return parseMessage(block);
            }
            const chunk = await this.#reader.read();
            if (chunk.done) {
                return undefined;
            }
            this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
        }
    }
}

function parseMessage(block: string): SseMessage {
    const message: Record<string, string> = {};
    for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) {
            message[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
    }
    return message;
}
