#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { rootsOrRefusal } from './roots-or-refusal.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { formatReportVerification } from '../report/format-report-verification.js';
import { verifyReport } from '../report/verify-report.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-report <report.jws> --roots <bundle> [--pin <sha256>] [--update <bundle> ...] [--json]

Checks a LendLedger notary verification report offline: its signature, that the notary organisation issued it
(its certificate chains to the NotaryMSP root of the bundle), and its payload.
  --roots   the roots bundle you pinned (lendledger-roots/2)
  --pin     SHA-256 (hex) of its canonical body, as you recorded it when you pinned it
  --update  a signed later version, in order, oldest first
  --json    print the result (checks and payload) as JSON instead of text
Exit status: 0 authentic, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-report',
    usage: USAGE,
    arguments: {
        allowPositionals: true,
        options: {
            roots: { type: 'string' },
            pin: { type: 'string' },
            update: { type: 'string', multiple: true, default: [] },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
        },
    },
    main: async ({ values, positionals }) => {
        const [reportPath] = positionals;
        if (reportPath === undefined || values.roots === undefined || positionals.length > 1) {
            throw new UsageError('a report file and --roots are required');
        }
        const verifier = newNodeVerifier();
        const roots = await rootsOrRefusal(
            { roots: values.roots, updates: values.update, ...(values.pin ? { pin: values.pin } : {}) },
            verifier,
        );
        if (roots === undefined) {
            return 1;
        }
        const trust = trustStoreFor(roots, verifier);
        const verification = await verifyReport(readFileSync(reportPath, 'utf8'), trust);
        process.stdout.write(
            values.json ? `${JSON.stringify(verification, null, 2)}\n` : formatReportVerification(verification),
        );
        return verification.ok ? 0 : 1;
    },
});
