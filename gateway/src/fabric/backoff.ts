/**
 * The wait before retry number `attempt` (1 for the first): exponential from `initialMs`, capped at `maxMs`, then
 * jittered down by at most half. The jitter keeps many clients that failed together (conflicting writers, readers
 * of a restarted peer) from retrying in lockstep.
 *
 * @param random - jitter source in [0, 1); tests pass a constant.
 * @example jitteredBackoff(3, 100, 2_000) // between 200 and 400
 */
export function jitteredBackoff(
    attempt: number,
    initialMs: number,
    maxMs: number,
    random: () => number = Math.random,
): number {
    const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
