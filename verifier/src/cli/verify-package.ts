#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { loadRootsBundle } from '../node/load-roots.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { rememberingVerifier } from '../crypto/remembering-verifier.js';
import { formatPackageVerification } from '../package/format-package-verification.js';
import { verifyPackage } from '../package/verify-package.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-package <case.zip> [--roots <bundle>] [--pin <sha256>] [--update <bundle> ...] [--json]

Checks a LendLedger case package (GET /v1/cases/{id}/package) offline: the manifest's hash of every file, that the
package's roots bundle is governed, every receipt against the roots, that each receipt is of the case, that every
item has one, and the notary report.
  --roots   the roots bundle you pinned (lendledger-roots/3 or /2); the package's roots.json must be it or be reached
            from it by signed updates
  --pin     SHA-256 (hex) of the pinned bundle's canonical body, as you recorded it; without --roots it pins the
            package's own roots.json
  --update  a signed later version, in order, oldest first; each must be signed by a majority of the previous
  --json    print the result as JSON instead of text
Without --roots and --pin, the package's own roots.json is trusted if admins of a strict majority of its members
signed it, and the output says so.
Exit status: 0 verified, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-package',
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
        const [packagePath] = positionals;
        if (packagePath === undefined || positionals.length > 1) {
            throw new UsageError('one package file is required');
        }
        if (values.pin !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.pin)) {
            throw new UsageError('--pin is the 64-hex-digit SHA-256 of the pinned bundle’s canonical body');
        }
        if (values.update.length > 0 && values.roots === undefined && values.pin === undefined) {
            throw new UsageError('--update follows a pinned bundle: give --roots or --pin');
        }
        const bytes = new Uint8Array(readFileSync(packagePath));
        // Whether the pinned bundle and its updates bind is a check of the package (exit 1), not a usage error.
        const result = await verifyPackage(bytes, {
            signatureVerifier: rememberingVerifier(newNodeVerifier()),
            ...(values.roots === undefined ? {} : { roots: loadRootsBundle(values.roots) }),
            ...(values.pin === undefined ? {} : { pin: values.pin.toLowerCase() }),
            updates: values.update.map(loadRootsBundle),
        });
        process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatPackageVerification(result));
        return result.ok ? 0 : 1;
    },
});
