/** Thrown when every slot is busy and the queue is full, or a queued call waited too long: answer 503. */
export class SaturatedError extends Error {
    readonly limiter: string;
    readonly retryAfterSeconds: number;

    constructor(properties: Readonly<{ limiter: string; reason: string; retryAfterSeconds: number }>) {
        super(`${properties.limiter} saturated: ${properties.reason}`);
        this.name = SaturatedError.name;
        this.limiter = properties.limiter;
        this.retryAfterSeconds = properties.retryAfterSeconds;
    }
}

/** Bounds of a {@link ConcurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
    readonly name: string;
    readonly maxInFlight: number;
    readonly maxQueued: number;
    readonly queueTimeoutMs: number;
}

interface Waiter {
    readonly start: () => void;
    readonly timer: NodeJS.Timeout | undefined;
}

/**
 * Runs at most `maxInFlight` calls at once; up to `maxQueued` more wait (at most `queueTimeoutMs`) in arrival
 * order, and anything beyond is refused at once, so an overloaded gateway sheds load instead of piling up work
 * the peer will time out anyway.
 */
export class ConcurrencyLimiter {
    readonly #options: ConcurrencyLimiterOptions;
    readonly #queue: Waiter[] = [];
    #inFlight = 0;
    #idle: (() => void)[] = [];

    constructor(options: Readonly<ConcurrencyLimiterOptions>) {
        this.#options = options;
    }

    /** Calls running now. */
    get inFlight(): number {
        return this.#inFlight;
    }

    /** Calls waiting for a slot. */
    get queued(): number {
        return this.#queue.length;
    }

    /**
     * Runs `task` when a slot is free.
     *
     * @throws {@link SaturatedError} when the queue is full or the wait exceeds `queueTimeoutMs`.
     */
    async run<T>(task: () => Promise<T>): Promise<T> {
        await this.#acquire();
        try {
            return await task();
        } finally {
            this.#release();
        }
    }

    /** Resolves once no call is running or queued (used by graceful shutdown). */
    async drained(): Promise<void> {
        if (this.#inFlight === 0 && this.#queue.length === 0) {
            return;
        }
        await new Promise<void>((resolve) => this.#idle.push(resolve));
    }

    #acquire(): Promise<void> {
        if (this.#inFlight < this.#options.maxInFlight) {
            this.#inFlight++;
            return Promise.resolve();
        }
        if (this.#queue.length >= this.#options.maxQueued) {
            return Promise.reject(this.#saturated(`${this.#inFlight} running and ${this.#queue.length} queued`));
        }
        return new Promise<void>((resolve, reject) => {
            const waiter: Waiter = {
                start: resolve,
                timer: setTimeout(() => {
                    this.#queue.splice(this.#queue.indexOf(waiter), 1);
                    reject(this.#saturated(`no slot within ${this.#options.queueTimeoutMs} ms`));
                    this.#notifyIdle();
                }, this.#options.queueTimeoutMs),
            };
            this.#queue.push(waiter);
        });
    }

    #release(): void {
        const next = this.#queue.shift();
        if (next) {
            clearTimeout(next.timer);
            next.start();
            return;
        }
        this.#inFlight--;
        this.#notifyIdle();
    }

    #notifyIdle(): void {
        if (this.#inFlight === 0 && this.#queue.length === 0) {
            const idle = this.#idle;
            this.#idle = [];
            idle.forEach((resolve) => resolve());
        }
    }

    #saturated(reason: string): SaturatedError {
        const retryAfterSeconds = Math.max(1, Math.ceil(this.#options.queueTimeoutMs / 1000));
        return new SaturatedError({ limiter: this.#options.name, reason, retryAfterSeconds });
    }
}
