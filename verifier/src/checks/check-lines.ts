import { type CheckStatus } from './check-result.js';

const LABELS: Readonly<Record<CheckStatus, string>> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** What a terminal shows of a check: the shape shared by receipt and report checks. */
export interface CheckLine {
    readonly name: string;
    readonly status: CheckStatus;
    readonly title: string;
    readonly reason: string;
}

/** Two lines per check for a terminal: status, name and title, then the reason indented under the title. */
export function checkLines(checks: readonly CheckLine[]): string[] {
    const width = Math.max(...checks.map((c) => c.name.length));
    return checks.flatMap((check) => [
        `${LABELS[check.status]}  ${check.name.padEnd(width)}  ${check.title}`,
        `${' '.repeat(width + 8)}${check.reason}`,
    ]);
}
