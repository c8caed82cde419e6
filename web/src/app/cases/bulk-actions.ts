/** Bulk moves of many cases at once (批量处置): a plan with one Idempotency-Key per write, and its run. */

/** The forum moves the bulk panel offers. */
export const BULK_MOVES = ['accept', 'judge'] as const;
export type BulkMove = (typeof BULK_MOVES)[number];

/** One write of a bulk run: the case, the move, the forum's document and the key that makes it safe to repeat. */
export interface BulkItem {
    readonly caseId: string;
    readonly move: BulkMove;
    readonly documentFingerprint: string;
    readonly idempotencyKey: string;
}

/** How one write ended. */
export type BulkOutcome =
    | { readonly caseId: string; readonly ok: true; readonly status: string }
    | { readonly caseId: string; readonly ok: false; readonly code: string; readonly message: string };

/**
 * One item per distinct case, each with its own key. `keys` remembers the key of each (move, case, document), so
 * planning the same action again — a retried click — sends the same keys, and the gateway replays instead of
 * writing twice; a different document or move gets a new key.
 */
export function planBulk(
    caseIds: readonly string[],
    move: BulkMove,
    documentFingerprint: string,
    keys: Map<string, string>,
    newKey: () => string,
): BulkItem[] {
    return [...new Set(caseIds)].map((caseId) => {
        const identity = JSON.stringify([move, caseId, documentFingerprint]);
        let idempotencyKey = keys.get(identity);
        if (idempotencyKey === undefined) {
            idempotencyKey = newKey();
            keys.set(identity, idempotencyKey);
        }
        return { caseId, move, documentFingerprint, idempotencyKey };
    });
}

/** Sends one write and tells how it ended; it must not throw (a refusal is an outcome). */
export type BulkSend = (item: BulkItem) => Promise<BulkOutcome>;

/**
 * Runs the items with at most `concurrency` writes in flight, reporting each outcome as it arrives, and answers
 * every outcome in the items' order. A send that throws anyway counts as a failure with code `CLIENT_ERROR`.
 */
export async function runBulk(
    items: readonly BulkItem[],
    send: BulkSend,
    onOutcome: (outcome: BulkOutcome, done: number) => void,
    concurrency = 3,
): Promise<BulkOutcome[]> {
    const outcomes: BulkOutcome[] = new Array<BulkOutcome>(items.length);
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            const item = items[index]!;
            let outcome: BulkOutcome;
            try {
                outcome = await send(item);
            } catch (error) {
                outcome = {
                    caseId: item.caseId,
                    ok: false,
                    code: 'CLIENT_ERROR',
                    message: error instanceof Error ? error.message : String(error),
                };
            }
            outcomes[index] = outcome;
            done += 1;
            onOutcome(outcome, done);
        }
    };
    const workers = Math.max(1, Math.min(concurrency, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return outcomes;
}

/** Counts of a run's outcomes. */
export function tally(outcomes: readonly BulkOutcome[]): { succeeded: number; failed: number } {
    const succeeded = outcomes.filter((outcome) => outcome.ok).length;
    return { succeeded, failed: outcomes.length - succeeded };
}
