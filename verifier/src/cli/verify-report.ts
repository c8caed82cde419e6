#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRootsBundle } from '../node/load-roots.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { formatReportVerification } from '../report/format-report-verification.js';
import { verifyReport } from '../report/verify-report.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';

const USAGE = `Usage: lendledger-verify-report <report.jws> --roots <bundle> [--json]

Checks a LendLedger notary verification report offline: its signature, that the notary organisation issued it
(its certificate chains to the NotaryMSP root of the bundle), and its payload.
  --roots   roots bundle (JSON lendledger-roots/1, or PEM with "MSP: <id>" lines)
  --json    print the result (checks and payload) as JSON instead of text
Exit status: 0 authentic, 1 a check failed, 2 the command could not run.`;

class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = UsageError.name;
    }
}

async function main(argv: readonly string[]): Promise<number> {
    const { values, positionals } = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
            roots: { type: 'string' },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const [reportPath] = positionals;
    if (reportPath === undefined || values.roots === undefined || positionals.length > 1) {
        throw new UsageError('a report file and --roots are required');
    }
    const trust = trustStoreFor(loadRootsBundle(values.roots), newNodeVerifier());
    const verification = await verifyReport(readFileSync(reportPath, 'utf8'), trust);
    process.stdout.write(
        values.json ? `${JSON.stringify(verification, null, 2)}\n` : formatReportVerification(verification),
    );
    return verification.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        console.error(`lendledger-verify-report: ${(error as Error).message}`);
        if (error instanceof UsageError) {
            console.error(USAGE);
        }
        process.exitCode = 2;
    },
);
