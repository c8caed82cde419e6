import { checkLines } from '../checks/check-lines.js';
import { type PackageVerification } from './verify-package.js';

/** A package verification as text for a terminal: the checks, a warning when the package's own roots were trusted, the verdict. */
export function formatPackageVerification(result: PackageVerification): string {
    const lines = [`Case package ${result.caseId ?? '(unreadable)'}`];
    if (result.roots !== undefined) {
        lines.push(`Roots: version ${result.roots.version}, SHA-256 ${result.roots.sha256} (${result.trust})`);
    }
    lines.push('', ...checkLines(result.checks));
    if (result.trust === 'package') {
        lines.push(
            '',
            "WARNING: trusting the package's own roots bundle, signed by a majority of its own members but chosen by whoever made the package; pass --roots (or --pin) with the bundle you pinned to check against roots you trust.",
        );
    }
    const count = (status: string): number => result.checks.filter((c) => c.status === status).length;
    const verdict = result.ok ? 'VERIFIED' : 'NOT VERIFIED';
    lines.push('', `${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
    return `${lines.join('\n')}\n`;
}
