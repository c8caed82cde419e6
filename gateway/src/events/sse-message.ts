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

/** An event's payload as a message carries it. */
export type DecodedPayload = Pick<EventData, 'payload' | 'payloadEncoding'>;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON an event message carries; `payload` is the event's payload already decoded (and perhaps trimmed), so
 * a stream that decoded it to decide who may see it does not decode it again.
 */
export function eventData(event: PositionedEvent, payload: DecodedPayload = decodePayload(event.payload)): EventData {
    return {
        blockNumber: Number(event.blockNumber),
        txId: event.transactionId,
        eventName: event.eventName,
        ...payload,
    };
}

/** The payload parsed as JSON when it is UTF-8 JSON, else its bytes in base64. */
export function decodePayload(payload: Uint8Array): DecodedPayload {
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
export function sseEventMessage(event: PositionedEvent, payload?: DecodedPayload): string {
    // A line break in the name would end the field early and let the rest pass for other fields.
    const name = event.eventName.replace(/[\r\n]/g, '');
    const data = JSON.stringify(eventData(event, payload));
    return `id: ${formatEventId(event.position)}\nevent: ${name}\ndata: ${data}\n\n`;
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
