import { parseArgs } from 'node:util';
import { type BenchmarkEntry, type Mode } from './registry.ts';

/** What `scripts/bench.sh` was asked to do. */
export interface BenchOptions {
    readonly instance: string;
    readonly mode: Mode;
    /** The benchmarks to run, in registry order. */
    readonly selected: readonly BenchmarkEntry[];
    /** Where to write; undefined for the default `.data/bench/<timestamp>/`. */
    readonly outDir?: string;
    readonly list: boolean;
    readonly help: boolean;
}

/** A mistake in the command line; the message says which. */
export class UsageError extends Error {}

export const USAGE = `usage: scripts/bench.sh [--quick] [--instance dev] [--only a,b] [--skip a,b] [--with a,b] [--out DIR] [--list]
  --quick        about two minutes instead of about ten (shorter runs, fewer concurrencies)
  --instance     the running network instance to measure (default dev; test for the integration instance)
  --only a,b     run just these benchmarks (opt-in ones included)
  --skip a,b     leave these out
  --with a,b     add opt-in benchmarks (consensus-compare starts networks of its own)
  --out DIR      write results.json and results.md here (default .data/bench/<timestamp>/)
  --list         list the benchmarks and exit`;

function names(value: string | undefined): string[] {
    return value === undefined
        ? []
        : value
              .split(',')
              .map((name) => name.trim())
              .filter((name) => name !== '');
}

/**
 * Parses the command line against the benchmark registry.
 *
 * @throws UsageError for an unknown option or benchmark name, or a selection that leaves nothing to run.
 */
export function parseBenchOptions(argv: readonly string[], registry: readonly BenchmarkEntry[]): BenchOptions {
    let values;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            options: {
                instance: { type: 'string', default: 'dev' },
                quick: { type: 'boolean', default: false },
                only: { type: 'string' },
                skip: { type: 'string' },
                with: { type: 'string' },
                out: { type: 'string' },
                list: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    const known = new Set(registry.map((entry) => entry.name));
    const only = names(values.only);
    const skip = names(values.skip);
    const extra = names(values.with);
    for (const name of [...only, ...skip, ...extra]) {
        if (!known.has(name)) {
            throw new UsageError(`unknown benchmark "${name}"; known: ${[...known].join(', ')}`);
        }
    }
    if (only.length > 0 && extra.length > 0) {
        throw new UsageError('--only and --with do not go together: --only already names every benchmark to run');
    }
    if (!/^[a-z][a-z0-9-]*$/.test(values.instance)) {
        throw new UsageError(`--instance must be an instance name such as dev or test, not "${values.instance}"`);
    }
    const selected = registry.filter((entry) =>
        only.length > 0
            ? only.includes(entry.name) && !skip.includes(entry.name)
            : (!entry.optIn || extra.includes(entry.name)) && !skip.includes(entry.name),
    );
    if (selected.length === 0 && !values.list && !values.help) {
        throw new UsageError('the selection leaves no benchmark to run');
    }
    return {
        instance: values.instance,
        mode: values.quick ? 'quick' : 'default',
        selected,
        ...(values.out === undefined ? {} : { outDir: values.out }),
        list: values.list,
        help: values.help,
    };
}
