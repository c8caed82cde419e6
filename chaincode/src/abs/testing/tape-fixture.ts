import { type MemoryLedger, USERS } from '../../testing/memory-ledger.js';
import { AbsDriver } from './abs-driver.js';
import { type TestLoan } from './abs-harness.js';

/** `count` distinct loans for a cut-off tape: T0, T1, … with amounts that differ by their index. */
export function tapeLoans(count: number): TestLoan[] {
    return Array.from({ length: count }, (_, i) => ({
        label: `T${i}`,
        original: 100_000 + i,
        current: 90_000 + i,
        rateBps: 1200,
        originalTerm: 12,
        remainingTerm: 10,
    }));
}

/**
 * A deal created by the bank on `ledger` whose tape holds `loans`, added in `AddCutOffLoans` batches of the given
 * sizes (cycled), and cut off unless `cut` is false.
 */
export async function dealWithTape(
    ledger: MemoryLedger,
    loans: readonly TestLoan[],
    batchSizes: readonly number[],
    cut = true,
): Promise<AbsDriver> {
    const abs = new AbsDriver(ledger, USERS.bank);
    await abs.createDeal();
    for (let at = 0, batch = 0; at < loans.length; batch += 1) {
        const size = batchSizes[batch % batchSizes.length]!;
        await abs.addCutOffLoans(`tape-${String(batch).padStart(4, '0')}`, loans.slice(at, at + size));
        at += size;
    }
    if (cut) {
        await abs.cutOff(loans);
    }
    return abs;
}
