import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SettingSpec } from './setting-types.js';
import { SETTINGS, envNameOf } from './settings.js';

const README = resolve(import.meta.dirname, '..', '..', 'README.md');
const TABLE_MARKER = '<!-- settings-table -->';

interface DocumentedSetting {
    readonly key: string;
    readonly env: string;
    readonly default: string;
    readonly meaning: string;
}

/** The rows of the settings table that follows the marker in gateway/README.md. */
function documentedSettings(): DocumentedSetting[] {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(TABLE_MARKER);
    expect(start, `${README} has no ${TABLE_MARKER} marker`).toBeGreaterThanOrEqual(0);
    const lines = text.slice(start + TABLE_MARKER.length).split('\n');
    const tableLines = lines.slice(lines.findIndex((line) => line.startsWith('|')));
    const end = tableLines.findIndex((line) => !line.startsWith('|'));
    // The first two lines are the header and its separator.
    const rows = (end < 0 ? tableLines : tableLines.slice(0, end)).slice(2);
    return rows.map((row) => {
        const [key = '', env = '', fallback = '', meaning = ''] = row
            .slice(1, -1)
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim());
        return { key: unquote(key), env: unquote(env), default: fallback, meaning: unescapeMarkdown(meaning) };
    });
}

function unquote(cell: string): string {
    return cell.replace(/^`(.*)`$/, '$1');
}

function unescapeMarkdown(cell: string): string {
    return cell.replace(/\\\|/g, '|').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** How the README shows a default: `required`, `empty`, or the value in code (lists comma-separated, as in env). */
function defaultCell(spec: SettingSpec<unknown>): string {
    if (spec.default === undefined) {
        return 'required';
    }
    if (spec.defaultDoc !== undefined) {
        return `\`${spec.defaultDoc}\``;
    }
    if (Array.isArray(spec.default)) {
        return `\`${spec.default.join(',')}\``;
    }
    return spec.default === '' ? 'empty' : `\`${String(spec.default)}\``;
}

const SPECS = Object.entries(SETTINGS) as [string, SettingSpec<unknown>][];

describe('gateway/README.md settings table', () => {
    const documented = documentedSettings();
    const byKey = new Map(documented.map((row) => [row.key, row]));

    it('lists every setting once, in the order of SETTINGS', () => {
        expect(documented.map((row) => row.key)).toEqual(SPECS.map(([key]) => key));
    });

    it.each(SPECS)('documents %s with its environment variable, default and meaning', (key, spec) => {
        expect(byKey.get(key)).toEqual({
            key,
            env: envNameOf(key),
            default: defaultCell(spec),
            meaning: spec.doc,
        });
    });
});
