#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { exportRootsBundle } from '../node/export-roots.js';
import { serialiseRootsBundle, type RootsBundle } from '../roots/roots-bundle.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-export-roots --crypto <crypto dir> [--out <file>] [--format json|pem]
                               [--network <name>] [--msp <domain>=<MSP ID> ...]

Writes the roots bundle a verifier needs: every organisation's signing-CA certificate (ca/, not tlsca/).`;

// exportRootsBundle writes each certificate as its own normalised PEM block, so the blocks are joined as they are.
function toPemBundle(bundle: RootsBundle): string {
    const sections = Object.keys(bundle.roots)
        .sort()
        .map((id) => `MSP: ${id}\n${bundle.roots[id]!.join('')}`);
    const middle = Object.entries(bundle.intermediates ?? {}).map(
        ([id, pems]) => `Intermediate: ${id}\n${pems.join('')}`,
    );
    return `# ${bundle.format}${bundle.network ? ` ${bundle.network}` : ''}\n${[...sections, ...middle].join('')}`;
}

runCli({
    name: 'lendledger-export-roots',
    usage: USAGE,
    arguments: {
        options: {
            crypto: { type: 'string' },
            out: { type: 'string' },
            format: { type: 'string', default: 'json' },
            network: { type: 'string' },
            msp: { type: 'string', multiple: true, default: [] },
        },
    },
    main: ({ values }) => {
        if (values.crypto === undefined || !['json', 'pem'].includes(values.format)) {
            throw new UsageError('--crypto is required and --format is json or pem');
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
        return 0;
    },
});
