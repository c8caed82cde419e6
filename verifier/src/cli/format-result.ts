import { type VerificationResult } from '../verify-receipt.js';

const LABELS = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** The verification result as text for a terminal: one block per check, then the verdict. */
export function formatResult(result: VerificationResult): string {
    const width = Math.max(...result.checks.map((c) => c.name.length));
    const lines = [
        `Receipt for ${result.fingerprint ?? '(unreadable)'}, transaction ${result.transactionId ?? '(unreadable)'}`,
        '',
    ];
    for (const check of result.checks) {
        lines.push(`${LABELS[check.status]}  ${check.name.padEnd(width)}  ${check.title}`);
        lines.push(`${' '.repeat(width + 8)}${check.reason}`);
    }
    const count = (status: string): number => result.checks.filter((c) => c.status === status).length;
    const verdict = result.ok ? 'VERIFIED' : 'NOT VERIFIED';
    lines.push('', `${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
    return `${lines.join('\n')}\n`;
}
