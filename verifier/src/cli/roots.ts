#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { type ParseArgsOptionsConfig } from 'node:util';
import { exportRootsBundle } from '../node/export-roots.js';
import { loadEffectiveRoots } from '../node/effective-roots.js';
import { loadRootsBundle } from '../node/load-roots.js';
import { newNodeVerifier } from '../node/node-verifier.js';
import { signRootsBundle } from '../node/sign-roots.js';
import { LENDLEDGER_POLICY } from '../policy.js';
import { type ConsortiumOrdering } from '@lendledger/domain';
import { policyOfBundle, readRootsBundle, serialiseRootsBundle, type RootsBundle } from '../roots/roots-bundle.js';
import { rootsBodyHash } from '../roots/roots-governance.js';
import { RootsGovernanceError } from '../roots/roots-governance-error.js';
import { assembleRootsBundle } from '../roots/roots-signing.js';
import { timestampAuthorityFromPem, type TrustedTimestampAuthority } from '../timestamp/timestamp-authorities.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-roots <command> ...

Draws up, signs, assembles and checks the consortium's roots bundle (lendledger-roots/3: /2 plus "ordering",
the ordering service's consensus and, for BFT, its consenters; /2 bundles of older networks are still read).
  draft    --crypto <dir> [--previous <bundle>] [--network <name>] [--msp <domain>=<MSP ID> ...]
           [--member <MSP ID> ...] [--tsa <name>=<PEM file> ...] [--ordering <JSON file>]
           [--until-block <n>] [--out <file>]
           an unsigned version from a crypto folder: each member's signing CA (ca/, not tlsca/),
           intermediates and CRLs (msp/crls/*.pem), and each RFC 3161 time-stamping authority's CA
           certificates (with --previous and no --tsa, the previous version's); with --previous, that version plus one.
           The members are the --member MSP IDs, else the previous version's, else LendLedger's five.
           --ordering: {"consensus":"etcdraft"} or {"consensus":"BFT","consenters":[{"id":1,"mspId":"BankMSP",
           "identity":"<PEM>"},...]}, the channel's consenter mapping; else the previous version's, else etcdraft.
           --until-block <n>: when the ordering changes from the previous version's, the last block the
           previous arrangement signed; it is kept in ordering.earlier so that its receipts still verify
  sign     <bundle> --msp <MSP ID> --cert <admin cert PEM> --key <admin key PEM> [--out <file>]
           adds your organisation admin's signature; run by each organisation with its own key
  assemble <signed copy> ... [--out <file>]
           merges copies of one draft that organisations signed separately
  verify   <pinned bundle> [<update> ...] [--pin <sha256>]
           follows the updates from the pinned bundle; prints the effective version and its hash
  hash     <bundle>
           prints the SHA-256 of the canonical body, what a court pins
Exit status: 0 done, 1 a bundle does not bind, 2 the command could not run.`;

/** `<name>=<PEM file>`: a time-stamping authority and the CA certificates its tokens must chain to. */
function timestampAuthorityOf(pair: string): TrustedTimestampAuthority {
    const at = pair.indexOf('=');
    if (at <= 0) {
        throw new UsageError(`--tsa takes <name>=<PEM file>, not "${pair}"`);
    }
    return timestampAuthorityFromPem(pair.slice(0, at), readFileSync(pair.slice(at + 1), 'utf8'));
}

/** `--until-block`: a block number. */
function blockNumberOf(text: string): number {
    const number = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(number)) {
        throw new UsageError(`--until-block takes a block number, not "${text}"`);
    }
    return number;
}

function output(bundle: RootsBundle, out: string | undefined): void {
    const text = serialiseRootsBundle(bundle);
    if (out === undefined) {
        process.stdout.write(text);
    } else {
        writeFileSync(out, text);
        console.error(`wrote version ${bundle.version} (${bundle.signatures.length} signatures) to ${out}`);
    }
}

const OPTIONS = {
    crypto: { type: 'string' },
    previous: { type: 'string' },
    network: { type: 'string' },
    msp: { type: 'string', multiple: true, default: [] as string[] },
    member: { type: 'string', multiple: true, default: [] as string[] },
    tsa: { type: 'string', multiple: true, default: [] as string[] },
    cert: { type: 'string' },
    key: { type: 'string' },
    pin: { type: 'string' },
    ordering: { type: 'string' },
    'until-block': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
} satisfies ParseArgsOptionsConfig;

interface Values {
    readonly crypto?: string | undefined;
    readonly previous?: string | undefined;
    readonly network?: string | undefined;
    readonly msp: readonly string[];
    readonly member: readonly string[];
    readonly tsa: readonly string[];
    readonly cert?: string | undefined;
    readonly key?: string | undefined;
    readonly pin?: string | undefined;
    readonly ordering?: string | undefined;
    readonly 'until-block'?: string | undefined;
    readonly out?: string | undefined;
}

type Command = (values: Values, files: readonly string[]) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
    draft: (values) => {
        if (values.crypto === undefined) {
            throw new UsageError('draft needs --crypto');
        }
        const mspIds = Object.fromEntries(values.msp.map((pair) => pair.split('=', 2) as [string, string]));
        const previous = values.previous === undefined ? undefined : loadRootsBundle(values.previous);
        const base = previous === undefined ? LENDLEDGER_POLICY : policyOfBundle(previous);
        const bundle = exportRootsBundle(values.crypto, {
            mspIds,
            ...(values.network === undefined ? {} : { network: values.network }),
            ...(previous === undefined ? {} : { previous }),
            // A consortium of other members than LendLedger's five names them; the rest of the policy stays.
            ...(values.member.length === 0 ? {} : { policy: { ...base, organisations: [...new Set(values.member)] } }),
            // Without --tsa a later version keeps the previous one's authorities.
            ...(values.tsa.length === 0 ? {} : { timestampAuthorities: values.tsa.map(timestampAuthorityOf) }),
            ...(values.ordering === undefined
                ? {}
                : { ordering: JSON.parse(readFileSync(values.ordering, 'utf8')) as ConsortiumOrdering }),
            ...(values['until-block'] === undefined ? {} : { untilBlock: blockNumberOf(values['until-block']) }),
        });
        // Read back as any verifier will, so that a malformed --ordering is refused here, naming what is wrong.
        readRootsBundle(JSON.parse(serialiseRootsBundle(bundle)));
        output(bundle, values.out);
        return 0;
    },
    sign: (values, [file]) => {
        const [mspId] = values.msp;
        if (file === undefined || mspId === undefined || values.cert === undefined || values.key === undefined) {
            throw new UsageError('sign needs a bundle, --msp, --cert and --key');
        }
        const signer = {
            mspId,
            certificatePem: readFileSync(values.cert, 'utf8'),
            privateKeyPem: readFileSync(values.key, 'utf8'),
        };
        output(signRootsBundle(loadRootsBundle(file), signer), values.out);
        return 0;
    },
    assemble: (values, files) => {
        output(assembleRootsBundle(files.map(loadRootsBundle)), values.out);
        return 0;
    },
    verify: async (values, [pinned, ...updates]) => {
        if (pinned === undefined) {
            throw new UsageError('verify needs the pinned bundle');
        }
        try {
            const roots = { roots: pinned, updates, ...(values.pin === undefined ? {} : { pin: values.pin }) };
            const effective = await loadEffectiveRoots(roots, newNodeVerifier());
            console.log(`effective: version ${effective.version}, sha256 ${rootsBodyHash(effective)}`);
            return 0;
        } catch (error) {
            if (error instanceof RootsGovernanceError) {
                console.log(`refused: ${error.code}: ${error.message}`);
                return 1;
            }
            throw error;
        }
    },
    hash: (_values, [file]) => {
        if (file === undefined) {
            throw new UsageError('hash needs a bundle');
        }
        console.log(rootsBodyHash(loadRootsBundle(file)));
        return 0;
    },
};

runCli({
    name: 'lendledger-roots',
    usage: USAGE,
    arguments: { allowPositionals: true, options: OPTIONS },
    main: ({ values, positionals }) => {
        const [command = '', ...files] = positionals;
        const run = COMMANDS[command];
        if (run === undefined) {
            throw new UsageError(`unknown command ${command || '(none)'}`);
        }
        return run(values, files);
    },
});
