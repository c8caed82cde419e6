import { SseReader, type SseMessage } from '@lendledger/gateway/testing/sse-reader.ts';

export type { SseMessage };

/**
 * A Server-Sent Events stream under the test's control, as a browser's EventSource would read it, but able to stop
 * and to reconnect with the last id it saw. Messages are read by the gateway tests' {@link SseReader}.
 */
export class SseClient {
    readonly #reader: SseReader;
    readonly #controller: AbortController;

    private constructor(reader: SseReader, controller: AbortController) {
        this.#reader = reader;
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
        return new SseClient(new SseReader(response), controller);
    }

    /** The next `count` event messages, failing after `timeoutMillis` or when the stream ends early. */
    async events(count: number, timeoutMillis = 60_000): Promise<SseMessage[]> {
        const timer = setTimeout(() => this.#controller.abort(), timeoutMillis);
        try {
            const found = await this.#reader.events(count);
            if (found.length < count) {
                throw new Error(`stream ended after ${found.length} of ${count} events`);
            }
            return found;
        } catch (error) {
            if (this.#controller.signal.aborted) {
                throw new Error(`fewer than ${count} events in ${timeoutMillis} ms`, { cause: error });
            }
            throw error;
        } finally {
            clearTimeout(timer);
        }
    }

    close(): void {
        this.#controller.abort();
    }
}
