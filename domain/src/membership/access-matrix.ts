import { gateAdmits, type AccessGate, type AccessRule } from './access-rules.js';
import { MEMBER_ROLES, type MemberRole } from './roles.js';

/** Column titles of the rendered matrix, one per role. */
const ROLE_TITLES: Readonly<Record<MemberRole, string>> = Object.freeze({
    platform: 'Platform',
    bank: 'Bank',
    notary: 'Notary',
    court: 'Court',
    arbitration: 'Arbitration',
    investor: 'Investor',
});

/** Columns a cell takes in a monospace editor: the two marks are wide emoji. */
function displayWidth(text: string): number {
    return [...text].reduce((width, char) => width + (char === '✅' || char === '❌' ? 2 : 1), 0);
}

function cell(gate: AccessGate, role: MemberRole, footnote: number | undefined): string {
    if ('memberAdmin' in gate) {
        return footnote === undefined ? 'admin' : `admin ${footnote}`;
    }
    if (!gateAdmits(gate, [role], false)) {
        return '❌';
    }
    return footnote === undefined ? '✅' : `◐ ${footnote}`;
}

/**
 * The access matrix as a Markdown table, one row per transaction function in the order given, one column per role
 * and one for organisations outside the registry, with the finer rules as numbered notes. Deterministic: the same
 * rules give the same bytes, so a test can compare it with the committed document.
 */
export function renderAccessMatrix(rules: Readonly<Record<string, AccessRule>>): string {
    const notes: string[] = [];
    const header = ['Transaction', ...MEMBER_ROLES.map((role) => ROLE_TITLES[role]), 'Not a member'];
    const rows = Object.entries(rules).map(([name, rule]) => {
        let footnote: number | undefined;
        if (rule.finer !== undefined) {
            const existing = notes.indexOf(rule.finer);
            footnote = existing === -1 ? notes.push(rule.finer) : existing + 1;
        }
        const outsider = 'anyone' in rule.gate ? '✅' : '❌';
        return [`\`${name}\``, ...MEMBER_ROLES.map((role) => cell(rule.gate, role, footnote)), outsider];
    });
    const widths = header.map((title, column) =>
        Math.max(title.length, ...rows.map((row) => displayWidth(row[column]!))),
    );
    const line = (cells: readonly string[]): string =>
        `| ${cells.map((text, column) => text + ' '.repeat(widths[column]! - displayWidth(text))).join(' | ')} |`;
    return [
        line(header),
        line(widths.map((width) => '-'.repeat(width))),
        ...rows.map(line),
        '',
        'Notes',
        '',
        ...notes.map((note, i) => `${i + 1}. ${note}`),
        '',
    ].join('\n');
}
