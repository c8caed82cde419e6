#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { rootsOrRefusal } from './roots-or-refusal.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { formatReportVerification } from '../report/format-report-verification.js';
import { verifyReport } from '../report/verify-report.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-report <report.jws> --roots <bundle> --timestamp <token> [--pin <sha256>]
                                [--update <bundle> ...] [--json]

Checks a LendLedger notary verification report offline: its signature, that the notary organisation issued it
(its certificate chains to the NotaryMSP root of the bundle), its payload, and its time-stamp.
  --roots      the roots bundle you pinned (lendledger-roots/3 or /2)
  --pin        SHA-256 (hex) of its canonical body, as you recorded it when you pinned it
  --update     a signed later version, in order, oldest first
  --timestamp  the report's RFC 3161 token over SHA-256 of the JWS (DER, or its base64: the gateway's
               "timestamp.token"); without it the report-time check fails
  --json       print the result (checks and payload) as JSON instead of text
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
            timestamp: { type: 'string' },
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
        const timestamp = values.timestamp === undefined ? undefined : readToken(values.timestamp);
        const verification = await verifyReport(readFileSync(reportPath, 'utf8'), trust, {
            ...(timestamp === undefined ? {} : { timestamp }),
        });
        process.stdout.write(
            values.json ? `${JSON.stringify(verification, null, 2)}\n` : formatReportVerification(verification),
        );
        return verification.ok ? 0 : 1;
    },
});

/** A token file: DER as `openssl ts` writes it, or the base64 text a gateway answers with. */
function readToken(path: string): Uint8Array | string {
    const bytes = new Uint8Array(readFileSync(path));
    // DER starts with a SEQUENCE tag; base64 text never does.
    return bytes[0] === 0x30 ? bytes : new TextDecoder().decode(bytes);
}
