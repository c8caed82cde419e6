import { describe, expect, it } from 'vitest';
import { parseBenchOptions, UsageError } from './options.ts';
import { BENCHMARKS, type BenchmarkEntry } from './registry.ts';

const registry: readonly BenchmarkEntry[] = [
    { name: 'a', summary: '', script: 'a.ts', args: { quick: [], default: [] }, needsNetwork: true },
    { name: 'b', summary: '', script: 'b.ts', args: { quick: [], default: [] }, needsNetwork: true },
    { name: 'c', summary: '', script: 'c.ts', args: { quick: [], default: [] }, needsNetwork: false, optIn: true },
];
const names = (argv: string[]): string[] => parseBenchOptions(argv, registry).selected.map((e) => e.name);

describe('bench.sh options', () => {
    it('runs every benchmark but the opt-in ones against dev in the default mode', () => {
        const options = parseBenchOptions([], registry);
        expect(options).toMatchObject({ instance: 'dev', mode: 'default', list: false, help: false });
        expect(options.outDir).toBeUndefined();
        expect(names([])).toEqual(['a', 'b']);
    });

    it('takes the quick mode, an instance and an output folder', () => {
        expect(parseBenchOptions(['--quick', '--instance', 'test', '--out', '/tmp/x'], registry)).toMatchObject({
            mode: 'quick',
            instance: 'test',
            outDir: '/tmp/x',
        });
    });

    it('selects with --only (opt-in included), --skip and --with, keeping the registry order', () => {
        expect(names(['--only', 'c,a'])).toEqual(['a', 'c']);
        expect(names(['--skip', 'a'])).toEqual(['b']);
        expect(names(['--with', 'c'])).toEqual(['a', 'b', 'c']);
        expect(names(['--only', 'a,b', '--skip', 'b'])).toEqual(['a']);
    });

    it.each([
        [['--only', 'nope'], /unknown benchmark "nope"/],
        [['--skip', 'a,zz'], /unknown benchmark "zz"/],
        [['--frobnicate'], /frobnicate/],
        [['extra'], /positional|extra/i],
        [['--only', 'a', '--with', 'c'], /--only and --with/],
        [['--skip', 'a,b'], /no benchmark/],
        [['--instance', '../etc'], /instance/],
    ])('refuses %j', (argv, message) => {
        expect(() => parseBenchOptions(argv, registry)).toThrow(UsageError);
        expect(() => parseBenchOptions(argv, registry)).toThrow(message);
    });

    it('leaves the opt-in consensus comparison out of the real registry by default', () => {
        const selected = parseBenchOptions([], BENCHMARKS).selected.map((e) => e.name);
        expect(selected).toContain('caliper');
        expect(selected).toContain('rest-writes');
        expect(selected).not.toContain('consensus-compare');
    });
});
