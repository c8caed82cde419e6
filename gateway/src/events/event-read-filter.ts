import { formatEventId } from './event-position.js';
import { audienceOf, isMemberEvent, loanCheck, loansOpenedBy, type ReadCheck } from './event-audience.js';
import { type ReadDecisions } from './read-decisions.js';
import { type PositionedEvent } from './resumable-event-stream.js';
import { decodePayload, type DecodedPayload } from './sse-message.js';

/** An event a subject may see, with its payload decoded once: the items it may read, or all of it. */
export interface VisibleEvent {
    readonly event: PositionedEvent;
    /** What the message carries as the payload (event.payload holds every item, even ones the subject may not read). */
    readonly payload: DecodedPayload;
}

/** Reads in flight for one event's items. */
const CHECKS_AT_ONCE = 8;
/** Most `case.filed` events remembered as already cleared; one forgotten is only cleared again (a few re-reads). */
const CLEARED_EVENTS = 10_000;

/**
 * Applies the queries' read rules to the event stream: an event reaches a subject only if the subject may read
 * what it is about (see event-audience.ts). An event listing several items (an evidence batch, a bulk filing)
 * reaches the subject with only the items it may read, or not at all.
 *
 * A `case.filed` event opens the loan's evidence to the court it names, so the remembered decisions about those
 * loans are dropped before anything else is decided; a stream reads events in ledger order, so the court's stream
 * sees the loan's later evidence. Every stream reads the same event, but its decisions are dropped once, by the
 * first stream to reach it: a decision made after that is already made on the ledger that holds the filing, and a
 * later stream reaching the same event must not drop it again (with a hundred streams and a bulk filing, that
 * was a hundred clears per event).
 */
export class EventReadFilter {
    readonly #decisions: ReadDecisions;
    /** The `case.filed` events (by position) whose decisions were dropped, oldest first. */
    readonly #cleared = new Set<string>();

    constructor(decisions: ReadDecisions) {
        this.#decisions = decisions;
    }

    /**
     * The event as the subject may see it, or undefined when it may see none of it.
     *
     * @throws the ledger's error when a read fails for a reason other than a chaincode refusal.
     */
    async visibleTo(subject: string, event: PositionedEvent): Promise<VisibleEvent | undefined> {
        const decoded = decodePayload(event.payload);
        if (isMemberEvent(event.eventName)) {
            // Decided by the name alone: the payload is decoded only for the message.
            return { event, payload: decoded };
        }
        // Not UTF-8 JSON: such an event names nothing, so it goes to nobody.
        const payload = decoded.payloadEncoding === 'json' ? decoded.payload : undefined;
        this.#clearOpenedLoans(event, payload);
        const audience = audienceOf(event.eventName, payload);
        switch (audience.kind) {
            case 'members':
                return { event, payload: decoded };
            case 'nobody':
                return undefined;
            case 'object':
                return (await this.#decisions.mayRead(subject, audience.check))
                    ? { event, payload: decoded }
                    : undefined;
            case 'items': {
                const allowed = await this.#allowedObjects(subject, audience.checks);
                const items = audience.items.filter((_item, index) => allowed.has(audience.checks[index]!.object));
                if (items.length === 0) {
                    return undefined;
                }
                if (items.length === audience.items.length) {
                    return { event, payload: decoded };
                }
                const trimmed = { ...(payload as Record<string, unknown>), items };
                return { event, payload: { payload: trimmed, payloadEncoding: 'json' } };
            }
        }
    }

    /** Drops the decisions about the loans a `case.filed` event opens, once per event whichever stream reads it. */
    #clearOpenedLoans(event: PositionedEvent, payload: unknown): void {
        const loanRefs = loansOpenedBy(event.eventName, payload);
        if (loanRefs.length === 0) {
            return;
        }
        const id = formatEventId(event.position);
        if (this.#cleared.has(id)) {
            return;
        }
        for (const object of new Set(loanRefs.map((loanRef) => loanCheck(loanRef).object))) {
            this.#decisions.forget(object);
        }
        this.#cleared.add(id);
        if (this.#cleared.size > CLEARED_EVENTS) {
            this.#cleared.delete(this.#cleared.values().next().value!);
        }
    }

    /** The objects among `checks` the subject may read, asking a few at a time (a batch can name a thousand). */
    async #allowedObjects(subject: string, checks: readonly ReadCheck[]): Promise<Set<string>> {
        const unique = [...new Map(checks.map((check) => [check.object, check])).values()];
        const allowed = new Set<string>();
        for (let start = 0; start < unique.length; start += CHECKS_AT_ONCE) {
            const slice = unique.slice(start, start + CHECKS_AT_ONCE);
            const answers = await Promise.all(slice.map((check) => this.#decisions.mayRead(subject, check)));
            slice.forEach((check, index) => answers[index] && allowed.add(check.object));
        }
        return allowed;
    }
}
