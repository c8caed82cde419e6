import { type ReportVerification } from './verify-report.js';

const LABELS = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** A report verification as text for a terminal: what the report claims, one block per check, then the verdict. */
export function formatReportVerification(verification: ReportVerification): string {
    const { payload, checks } = verification;
    const width = Math.max(...checks.map((c) => c.name.length));
    const lines = payload
        ? [
              `Notary report ${payload.reportId} issued ${payload.issuedAt} by ${payload.issuer.subject} (${payload.issuer.mspId})`,
              `It states: ${payload.verdict}, ${payload.counts.verified} of ${payload.counts.items} record(s) verified`,
              '',
          ]
        : ['Notary report (payload unreadable)', ''];
    for (const check of checks) {
        lines.push(`${LABELS[check.status]}  ${check.name.padEnd(width)}  ${check.title}`);
        lines.push(`${' '.repeat(width + 8)}${check.reason}`);
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    const verdict = verification.ok ? 'REPORT AUTHENTIC' : 'REPORT NOT AUTHENTIC';
    lines.push('', `${verdict}: ${checks.length - failed} passed, ${failed} failed`);
    return `${lines.join('\n')}\n`;
}
