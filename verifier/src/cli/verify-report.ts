#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { loadRootsBundle } from '../node/load-roots.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { formatReportVerification } from '../report/format-report-verification.js';
import { verifyReport } from '../report/verify-report.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-report <report.jws> --roots <bundle> [--json]

Checks a LendLedger notary verification report offline: its signature, that the notary organisation issued it
(its certificate chains to the NotaryMSP root of the bundle), and its payload.
  --roots   roots bundle (JSON lendledger-roots/1, or PEM with "MSP: <id>" lines)
  --json    print the result (checks and payload) as JSON instead of text
Exit status: 0 authentic, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-report',
    usage: USAGE,
    arguments: {
        allowPositionals: true,
        options: {
            roots: { type: 'string' },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
        },
    },
    main: async ({ values, positionals }) => {
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
    },
});
