import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SHOWN = [...README.matchAll(/!\[[^\]]+\]\((docs\/screenshots\/[^)]+)\)/g)].map((match) => match[1]!);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("the README's screenshots of the web application", () => {
    it('shows a screenshot of each page: verification, investor, cases, console and sign-in', () => {
        for (const page of ['verify', 'investor', 'cases', 'console', 'sign-in']) {
            expect(SHOWN.some((path) => path.includes(page))).toBe(true);
        }
    });

    it.each(SHOWN)('%s is a PNG file in the repository', (path) => {
        const file = join(ROOT, path);
        expect(existsSync(file)).toBe(true);
        expect(readFileSync(file).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    });

    it('keeps no screenshot the README does not show', () => {
        const kept = readdirSync(join(ROOT, 'docs', 'screenshots')).map((name) => `docs/screenshots/${name}`);
        expect(kept.sort()).toEqual([...SHOWN].sort());
    });
});
