import { formatEventId } from './event-position.js';
import { type PositionedEvent } from './resumable-event-stream.js';

/** The `data` of an event message. */
export interface EventData {
    readonly blockNumber: number;
    readonly txId: string;
    readonly eventName: string;
    /** The payload parsed as JSON when it is UTF-8 JSON, else its bytes in base64. */
    readonly payload: unknown;
    readonly payloadEncoding: 'json' | 'base64';
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON an event message carries. */
export function eventData(event: PositionedEvent): EventData {
    return {
        blockNumber: Number(event.blockNumber),
        txId: event.transactionId,
        eventName: event.eventName,
        ...decodePayload(event.payload),
    };
}

function decodePayload(payload: Uint8Array): Pick<EventData, 'payload' | 'payloadEncoding'> {
    try {
        return { payload: JSON.parse(STRICT_UTF8.decode(payload)) as unknown, payloadEncoding: 'json' };
    } catch {
        return { payload: Buffer.from(payload).toString('base64'), payloadEncoding: 'base64' };
    }
}

/**
 * One Server-Sent Events message: `id` is the event's position (`<block>.<index>`, what Last-Event-ID sends back),
 * `event` its name, `data` one line of JSON.
 */
export function sseEventMessage(event: PositionedEvent): string {
    // A line break in the name would end the field early and let the rest pass for other fields.
    const name = event.eventName.replace(/[\r\n]/g, '');
    return `id: ${formatEventId(event.position)}\nevent: ${name}\ndata: ${JSON.stringify(eventData(event))}\n\n`;
}

/** A comment line; clients ignore it, proxies see traffic. */
export function sseComment(text: string): string {
    return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

/** Tells the client how long to wait before it reconnects. */
export function sseRetry(millis: number): string {
    return `retry: ${Math.round(millis)}\n\n`;
}

/** A last message before the stream ends on an error the gateway cannot recover from. */
export function sseErrorMessage(problem: unknown): string {
    return `event: error\ndata: ${JSON.stringify(problem)}\n\n`;
}
