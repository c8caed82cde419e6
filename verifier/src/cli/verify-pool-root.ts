#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { type PoolRoot, type PoolRootAnchor, type PoolRootConsistency } from '@lendledger/domain';
import { verifyPoolRootConsistency } from '../abs/verify-pool-root.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-pool-root <consistency.json> --from <pool-root.json> --to <pool-root.json> [--json]

Checks offline that an ABS deal's pool at a later period's close extends its pool at an earlier close by appended
loans only: the RFC 9162 consistency proof of GET /v1/abs/deals/{dealId}/pool/consistency?fromPeriod=&toPeriod=
against the two pool roots you trust, each the answer of GET /v1/abs/deals/{dealId}/pool/roots/{periodNo} read
from your own gateway ({dealId, periodNo, size, root}; period 0 is the cut-off tape).
Proved: every loan of the earlier pool stays at its position and the later pool only adds loans after them
(revolving purchases and substitutes). NOT proved: which loans were added, nor the roots and sizes themselves,
which are your trusted files' word (the proof's periods, sizes and roots must equal them).
  --json  print the result as JSON
Exit status: 0 the proof holds, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-pool-root',
    usage: USAGE,
    arguments: {
        allowPositionals: true,
        options: {
            from: { type: 'string' },
            to: { type: 'string' },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
        },
    },
    main: ({ values, positionals }) => {
        if (positionals.length !== 1 || values.from === undefined || values.to === undefined) {
            throw new UsageError('name one consistency file, and the trusted roots with --from and --to');
        }
        const anchor = anchorOf(readJson(values.from), readJson(values.to));
        const answer = readJson(positionals[0]!) as PoolRootConsistency;
        const result = verifyPoolRootConsistency(answer, anchor);
        if (values.json) {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } else if (result.ok) {
            process.stdout.write(
                `verified: the pool of ${anchor.to.size} loans at period ${anchor.to.periodNo} extends the pool of ` +
                    `${anchor.from.size} loans at period ${anchor.from.periodNo} of deal ${anchor.dealId}\n`,
            );
        } else {
            for (const failure of result.failures) {
                process.stdout.write(`FAILED: ${failure.code} ${failure.message}\n`);
            }
        }
        return result.ok ? 0 : 1;
    },
});

function readJson(path: string): unknown {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** The trusted roots: two GetPoolRoot answers of one deal. */
function anchorOf(from: unknown, to: unknown): PoolRootAnchor {
    const root = (value: unknown, option: string): PoolRoot & { dealId: string } => {
        const record = value as Partial<PoolRoot & { dealId: string }>;
        if (
            typeof record?.dealId !== 'string' ||
            !Number.isSafeInteger(record.periodNo) ||
            !Number.isSafeInteger(record.size) ||
            typeof record.root !== 'string'
        ) {
            throw new UsageError(`${option} must be a pool root {dealId, periodNo, size, root}`);
        }
        return record as PoolRoot & { dealId: string };
    };
    const [first, second] = [root(from, '--from'), root(to, '--to')];
    if (first.dealId !== second.dealId) {
        throw new UsageError('--from and --to are roots of different deals');
    }
    const strip = ({ periodNo, size, root: hash }: PoolRoot): PoolRoot => ({ periodNo, size, root: hash });
    return { dealId: first.dealId, from: strip(first), to: strip(second) };
}
