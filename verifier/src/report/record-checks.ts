import { CHECK_NAMES } from '../checks/check-result.js';
import { type ReportedCheck, type ReportItem } from './report-payload.js';

const ORDER = new Map<string, number>(CHECK_NAMES.map((name, i) => [name, i]));

/**
 * Every check of a record once, in the verifier's order: the findings of a report item repeat a check that answers
 * more than one question, and a check this verifier does not know (a newer one's) comes last, in the order given.
 */
export function checksOf(item: ReportItem): ReportedCheck[] {
    const byId = new Map<string, ReportedCheck>();
    for (const finding of [item.creation, item.integrity, item.witnesses, item.method]) {
        for (const check of finding.checks) {
            if (!byId.has(check.id)) {
                byId.set(check.id, check);
            }
        }
    }
    const rank = (id: string): number => ORDER.get(id) ?? CHECK_NAMES.length;
    // Array.prototype.sort is stable, so unknown checks keep the order they came in.
    return [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id));
}
