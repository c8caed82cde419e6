import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeerSilence } from './peer-silence.js';

/** A call's outcome at a time: answered by the peer, or run into its deadline. */
const events = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 4_000 }), answered: fc.boolean() }), {
    maxLength: 60,
});

describe('PeerSilence', () => {
    it('asks for a new connection exactly when enough calls timed out over staleAfterMs with no answer, at most once per staleAfterMs', () => {
        fc.assert(
            fc.property(
                events,
                fc.integer({ min: 1, max: 5 }),
                fc.integer({ min: 1_000, max: 15_000 }),
                (calls, minTimeouts, staleAfterMs) => {
                    let now = 0;
                    const silence = new PeerSilence({ staleAfterMs, minTimeouts, now: () => now });
                    // A model: the timeouts since the last answer or the last replacement, and when the first of them came.
                    let since: number | undefined;
                    let count = 0;
                    let lastReplaced = Number.NEGATIVE_INFINITY;
                    for (const call of calls) {
                        now += call.gapMs;
                        if (call.answered) {
                            silence.answered();
                            since = undefined;
                            count = 0;
                            continue;
                        }
                        since ??= now;
                        count++;
                        const expected = count >= minTimeouts && now - since >= staleAfterMs;
                        expect(silence.timedOut()).toBe(expected);
                        if (expected) {
                            expect(now - lastReplaced).toBeGreaterThanOrEqual(staleAfterMs);
                            lastReplaced = now;
                            since = now;
                            count = 0;
                        }
                    }
                },
            ),
        );
    });

    it('never asks while the peer answers between timeouts, however many there are', () => {
        let now = 0;
        const silence = new PeerSilence({ staleAfterMs: 10_000, minTimeouts: 3, now: () => now });
        for (let round = 0; round < 100; round++) {
            now += 5_000;
            expect(silence.timedOut()).toBe(false);
            now += 5_000;
            silence.answered();
        }
    });

    it('asks once three calls timed out over ten seconds of silence', () => {
        let now = 0;
        const silence = new PeerSilence({ staleAfterMs: 10_000, minTimeouts: 3, now: () => now });
        expect(silence.timedOut()).toBe(false);
        now = 9_999;
        expect(silence.timedOut()).toBe(false);
        now = 10_000;
        expect(silence.timedOut()).toBe(true);
        now = 10_001;
        expect(silence.timedOut()).toBe(false);
    });
});
