#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportRootsBundle } from '../node/export-roots.js';
import { serialiseRootsBundle, type RootsBundle } from '../roots/roots-bundle.js';
import { pemCertificates, toPem } from '../x509/pem.js';

const USAGE = `Usage: lendledger-export-roots --crypto <crypto dir> [--out <file>] [--format json|pem]
                               [--network <name>] [--msp <domain>=<MSP ID> ...]

Writes the roots bundle a verifier needs: every organisation's signing-CA certificate (ca/, not tlsca/).`;

function toPemBundle(bundle: RootsBundle): string {
    const sections = Object.keys(bundle.roots)
        .sort()
        .map((id) => `MSP: ${id}\n${bundle.roots[id]!.flatMap((pem) => pemCertificates(pem).map(toPem)).join('')}`);
    const middle = Object.entries(bundle.intermediates ?? {}).map(
        ([id, pems]) => `Intermediate: ${id}\n${pems.join('')}`,
    );
    return `# ${bundle.format}${bundle.network ? ` ${bundle.network}` : ''}\n${[...sections, ...middle].join('')}`;
}

function main(argv: readonly string[]): void {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            crypto: { type: 'string' },
            out: { type: 'string' },
            format: { type: 'string', default: 'json' },
            network: { type: 'string' },
            msp: { type: 'string', multiple: true, default: [] },
        },
    });
    if (values.crypto === undefined || !['json', 'pem'].includes(values.format)) {
        throw new Error(`--crypto is required and --format is json or pem\n${USAGE}`);
    }
    const mspIds = Object.fromEntries(values.msp.map((pair) => pair.split('=', 2) as [string, string]));
    const bundle = exportRootsBundle(values.crypto, {
        mspIds,
        ...(values.network === undefined ? {} : { network: values.network }),
    });
    const text = values.format === 'json' ? serialiseRootsBundle(bundle) : toPemBundle(bundle);
    if (values.out === undefined) {
        process.stdout.write(text);
    } else {
        writeFileSync(values.out, text);
        console.error(`wrote ${Object.keys(bundle.roots).length} MSPs' roots to ${values.out}`);
    }
}

try {
    main(process.argv.slice(2));
} catch (error) {
    console.error(`lendledger-export-roots: ${(error as Error).message}`);
    process.exitCode = 2;
}
