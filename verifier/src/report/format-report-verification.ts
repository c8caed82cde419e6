import { checkLines } from '../checks/check-lines.js';
import { type ReportVerification } from './verify-report.js';

/** A report verification as text for a terminal: what the report claims, one block per check, then the verdict. */
export function formatReportVerification(verification: ReportVerification): string {
    const { payload, checks } = verification;
    const lines = payload
        ? [
              `Notary report ${payload.reportId} issued ${payload.issuedAt} by ${payload.issuer.subject} (${payload.issuer.mspId})`,
              `It states: ${payload.verdict}, ${payload.counts.verified} of ${payload.counts.items} record(s) verified`,
              '',
          ]
        : ['Notary report (payload unreadable)', ''];
    lines.push(...checkLines(checks));
    const failed = checks.filter((c) => c.status === 'fail').length;
    const verdict = verification.ok ? 'REPORT AUTHENTIC' : 'REPORT NOT AUTHENTIC';
    lines.push('', `${verdict}: ${checks.length - failed} passed, ${failed} failed`);
    return `${lines.join('\n')}\n`;
}
