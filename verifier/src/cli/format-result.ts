import { checkLines } from '../checks/check-lines.js';
import { type VerificationResult } from '../verify-receipt.js';

/** The verification result as text for a terminal: one block per check, then the verdict. */
export function formatResult(result: VerificationResult): string {
    const lines = [
        `Receipt for ${result.fingerprint ?? '(unreadable)'}, transaction ${result.transactionId ?? '(unreadable)'}`,
        '',
        ...checkLines(result.checks),
    ];
    const count = (status: string): number => result.checks.filter((c) => c.status === status).length;
    const verdict = result.ok ? 'VERIFIED' : 'NOT VERIFIED';
    lines.push('', `${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
    return `${lines.join('\n')}\n`;
}
