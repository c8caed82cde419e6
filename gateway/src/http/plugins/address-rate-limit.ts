import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type GatewayConfig } from '../../config/gateway-config.js';
import { ProblemError } from '../../errors/problem-error.js';
import { addressKey } from './address-key.js';

/** Most client addresses whose windows are remembered; a flood from many addresses drops the oldest. */
const MAX_ADDRESSES = 100_000;

/** What {@link AddressWindows} needs. */
export interface AddressWindowsOptions {
    /** Requests one address may make per window. */
    readonly max: number;
    readonly windowMs: number;
    readonly maxAddresses: number;
    readonly now?: () => number;
}

interface Window {
    readonly endsAt: number;
    count: number;
}

/**
 * Fixed-window request counts per client address (IPv6 per /64, see {@link addressKey}), bounded in the addresses it remembers (oldest window first
 * out). Forgetting an address early only gives it a fresh window, never refuses anyone wrongly.
 */
export class AddressWindows {
    readonly #options: Readonly<AddressWindowsOptions>;
    /** In the order the windows began, so the first is the oldest. */
    readonly #windows = new Map<string, Window>();
    readonly #now: () => number;

    constructor(options: Readonly<AddressWindowsOptions>) {
        this.#options = options;
        this.#now = options.now ?? Date.now;
    }

    /** Addresses with a window now. */
    get size(): number {
        return this.#windows.size;
    }

    /** Counts one request from `address`: 0 when allowed, otherwise the milliseconds until its window ends. */
    hit(client: string): number {
        const address = addressKey(client);
        const now = this.#now();
        let window = this.#windows.get(address);
        if (!window || window.endsAt <= now) {
            this.#windows.delete(address);
            window = { endsAt: now + this.#options.windowMs, count: 0 };
            this.#windows.set(address, window);
            while (this.#windows.size > this.#options.maxAddresses) {
                this.#windows.delete(this.#windows.keys().next().value!);
            }
        }
        window.count++;
        return window.count > this.#options.max ? window.endsAt - now : 0;
    }
}

/** A budget other than the default one: its own maximum and the name problems give it. */
export interface AddressBudget {
    /** Requests one address may make per `limits.rateLimitWindowMs`; 0 disables. */
    readonly max: number;
    /** The `budget` member of the 429 problem. */
    readonly name: string;
}

/**
 * Limits every request of the scope per client address (`limits.addressRateLimitMax` per
 * `limits.rateLimitWindowMs`, or the `budget` given) at onRequest, before authentication: a flood of bad tokens is
 * refused 429 RATE_LIMITED (budget `address`, or the budget's name) with Retry-After instead of costing a signature
 * check each. The per-subject budgets (rate-limits.ts) still apply after it. Add it before the authentication hook;
 * 0 disables.
 */
export function addAddressRateLimit(
    scope: FastifyInstance,
    limits: GatewayConfig['limits'],
    budget: AddressBudget = { max: limits.addressRateLimitMax, name: 'address' },
): void {
    const { max } = budget;
    if (max === 0) {
        return;
    }
    const windows = new AddressWindows({ max, windowMs: limits.rateLimitWindowMs, maxAddresses: MAX_ADDRESSES });
    scope.addHook('onRequest', async (request: FastifyRequest) => {
        const waitMs = windows.hit(request.ip);
        if (waitMs > 0) {
            const seconds = Math.ceil(waitMs / 1000);
            throw new ProblemError(
                'RATE_LIMITED',
                `rate limit of ${max} requests per address exceeded, retry in ${seconds} s`,
                {
                    fields: { budget: budget.name, limit: max },
                    headers: { 'retry-after': String(seconds) },
                },
            );
        }
    });
}
