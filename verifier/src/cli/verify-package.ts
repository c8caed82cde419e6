#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { loadRootsBundle } from '../node/load-roots.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { rememberingVerifier } from '../crypto/remembering-verifier.js';
import { formatPackageVerification } from '../package/format-package-verification.js';
import { verifyPackage } from '../package/verify-package.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-package <case.zip> [--roots <pinned bundle>] [--json]

Checks a LendLedger case package (GET /v1/cases/{id}/package) offline: the manifest's hash of every file, every
receipt against the roots, that each receipt is of the case, that every item has one, and the notary report.
  --roots   the roots bundle you pinned (JSON lendledger-roots/1, or PEM with "MSP: <id>" lines); without it the
            package's own roots.json is trusted, and the output says so
  --json    print the result as JSON instead of text
Exit status: 0 verified, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-package',
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
        const [packagePath] = positionals;
        if (packagePath === undefined || positionals.length > 1) {
            throw new UsageError('one package file is required');
        }
        const verifier = rememberingVerifier(newNodeVerifier());
        const roots = values.roots === undefined ? undefined : trustStoreFor(loadRootsBundle(values.roots), verifier);
        const bytes = new Uint8Array(readFileSync(packagePath));
        const result = await verifyPackage(bytes, { signatureVerifier: verifier, ...(roots ? { roots } : {}) });
        process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatPackageVerification(result));
        return result.ok ? 0 : 1;
    },
});
