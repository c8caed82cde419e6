#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { newNobleVerifier } from '../crypto/noble-verifier.js';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { newWebCryptoVerifier } from '../crypto/webcrypto-verifier.js';
import { fromHex } from '../encoding/bytes.js';
import { rootsOrRefusal } from './roots-or-refusal.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { verifyReceipt } from '../verify-receipt.js';
import { formatResult } from './format-result.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify <receipt.json> --roots <bundle> [--pin <sha256>] [--update <bundle> ...]
                        [--file <document>] [--salt <hex>] [--json] [--crypto node|webcrypto|noble]

Checks a LendLedger receipt offline against the consortium's root certificates.
  --roots   the roots bundle you pinned (lendledger-roots/3 or /2); policy and roots come from it
  --pin     SHA-256 (hex) of its canonical body, as you recorded it when you pinned it
  --update  a signed later version, in order, oldest first; each must be signed by a majority of the previous
  --file    the document; its salted SHA-256 must equal the receipt's fingerprint
  --salt    hex salt the document's owner prepended before hashing
  --json    print the result as JSON instead of text
  --crypto  ECDSA implementation (default node)
Exit status: 0 verified, 1 a check failed, 2 the command could not run.`;

const VERIFIERS: Readonly<Record<string, () => SignatureVerifier>> = {
    node: newNodeVerifier,
    webcrypto: () => newWebCryptoVerifier(),
    noble: newNobleVerifier,
};

runCli({
    name: 'lendledger-verify',
    usage: USAGE,
    arguments: {
        allowPositionals: true,
        options: {
            roots: { type: 'string' },
            pin: { type: 'string' },
            update: { type: 'string', multiple: true, default: [] },
            file: { type: 'string' },
            salt: { type: 'string' },
            json: { type: 'boolean', default: false },
            crypto: { type: 'string', default: 'node' },
            help: { type: 'boolean', default: false },
        },
    },
    main: async ({ values, positionals }) => {
        const [receiptPath] = positionals;
        const makeVerifier = VERIFIERS[values.crypto];
        if (receiptPath === undefined || values.roots === undefined || positionals.length > 1 || !makeVerifier) {
            throw new UsageError('a receipt file and --roots are required; --crypto is node, webcrypto or noble');
        }
        const signatureVerifier = makeVerifier();
        const roots = await rootsOrRefusal(
            { roots: values.roots, updates: values.update, ...(values.pin ? { pin: values.pin } : {}) },
            signatureVerifier,
        );
        if (roots === undefined) {
            return 1;
        }
        const result = await verifyReceipt(JSON.parse(readFileSync(receiptPath, 'utf8')) as unknown, {
            roots,
            signatureVerifier,
            ...(values.file === undefined ? {} : { document: new Uint8Array(readFileSync(values.file)) }),
            ...(values.salt === undefined ? {} : { salt: fromHex(values.salt) }),
        });
        process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
        return result.ok ? 0 : 1;
    },
});
