import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/problem-error.js';

interface Slot {
    released: boolean;
    /** Set while the handler works: a client leaving then does not free what the handler still holds. */
    working: boolean;
}

/** Bounds of a {@link RequestSlots}. */
export interface RequestSlotsOptions {
    /** Names the bounded operation in the 503 detail. */
    readonly name: string;
    readonly max: number;
    readonly retryAfterSeconds: number;
}

/**
 * At most `max` requests of an expensive route hold a slot at once, from before their body is read until their
 * handler is done, so the memory their bodies and work take stays bounded. A request finding every slot taken is
 * refused at once (503 GATEWAY_SATURATED with Retry-After), before its body is read: queueing it would leave its
 * upload waiting in buffers anyway.
 */
export class RequestSlots {
    readonly #options: RequestSlotsOptions;
    readonly #slots = new WeakMap<FastifyRequest, Slot>();
    #inUse = 0;

    constructor(options: Readonly<RequestSlotsOptions>) {
        this.#options = options;
    }

    /** Slots held now. */
    get inUse(): number {
        return this.#inUse;
    }

    /**
     * Takes a slot for the request (call it from an `onRequest` hook); it is freed when the handler given to
     * {@link hold} ends, or when the response closes before the handler started (a refused body, a client gone).
     *
     * @throws {@link ProblemError} GATEWAY_SATURATED (503) when every slot is taken.
     */
    take(request: FastifyRequest, reply: FastifyReply): void {
        const { max, name, retryAfterSeconds } = this.#options;
        if (this.#inUse >= max) {
            throw new ProblemError('GATEWAY_SATURATED', `${max} ${name} are running; retry later`, {
                headers: { 'retry-after': String(retryAfterSeconds) },
            });
        }
        this.#inUse++;
        const slot: Slot = { released: false, working: false };
        this.#slots.set(request, slot);
        reply.raw.once('close', () => {
            if (!slot.working) {
                this.#release(slot);
            }
        });
    }

    /** Runs the handler's work with the request's slot held until the work ends, even if the client left. */
    async hold<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
        const slot = this.#slots.get(request);
        if (!slot) {
            return work();
        }
        slot.working = true;
        try {
            return await work();
        } finally {
            slot.working = false;
            this.#release(slot);
        }
    }

    #release(slot: Slot): void {
        if (!slot.released) {
            slot.released = true;
            this.#inUse--;
        }
    }
}
