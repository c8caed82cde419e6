import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@lendledger/network/topology.ts';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from './registry.ts';

describe('the benchmark registry', () => {
    it('names each benchmark once', () => {
        const names = BENCHMARKS.map((entry) => entry.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it.each(BENCHMARKS.map((entry) => [entry.name, entry] as const))(
        '%s runs a script that takes --json (and --instance when it is passed one)',
        (_name, entry) => {
            const source = readFileSync(join(REPO_ROOT, entry.script), 'utf8');
            expect(source).toMatch(/\bjson: \{ type: 'string' \}/);
            if (entry.takesInstance !== false) {
                expect(source).toMatch(/\binstance: \{ type: 'string'/);
            }
            // Every option the entry passes is one the script declares (parseArgs refuses others at run time).
            for (const arg of [...entry.args.quick, ...entry.args.default].filter((a) => a.startsWith('--'))) {
                expect(source).toMatch(new RegExp(`['\\s]${arg.slice(2)}'?: \\{ type:`));
            }
        },
    );
});
