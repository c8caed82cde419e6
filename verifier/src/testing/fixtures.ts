/**
 * Test support: the receipts, roots and document the fixture script recorded from a real network. Two recordings are
 * kept: the BFT dev network of today, and the Raft network before it, whose receipts must keep verifying.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../encoding/bytes.js';
import { type Receipt } from '../receipt/receipt.js';
import { organisationsOf, parseRootsBundle, type RootsBundle } from '../roots/roots-bundle.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/**
 * Which recording: `bft` (four consenters of BankMSP, NotaryMSP, CourtMSP and InvestorMSP; a `lendledger-roots/3`
 * bundle) or `raft-v2` (Raft orderers of OrdererMSP, one signature per block; a `lendledger-roots/2` bundle).
 */
export type FixtureSet = 'bft' | 'raft-v2';

const SET_DIRS: Readonly<Record<FixtureSet, string>> = { bft: DIR, 'raft-v2': join(DIR, 'raft-v2') };

function read(name: string, set: FixtureSet = 'bft'): string {
    return readFileSync(join(SET_DIRS[set], name), 'utf8');
}

/**
 * The recorded receipts: an evidence record's (direct), a leaf of an `Anchor:Create` batch (anchored: leaf 2 of 5,
 * leaves and per-fingerprint index on the ledger) and a leaf of an `Anchor:Seal` batch (sealed: leaf 6 of 7, only
 * root and size on the ledger).
 */
export type FixtureKind = 'direct' | 'anchored' | 'sealed';

/** A fresh copy of a fixture receipt of one recording (the BFT one by default), safe to modify. */
export function fixtureReceipt(kind: FixtureKind, set: FixtureSet = 'bft'): Receipt {
    return JSON.parse(read(`receipt-${kind}.json`, set)) as Receipt;
}

/** The consortium's roots bundle of the network a recording (the BFT one by default) came from. */
export function fixtureRoots(set: FixtureSet = 'bft'): RootsBundle {
    return parseRootsBundle(read('roots.json', set));
}

/** The PEM root certificates a bundle lists for one organisation (member or orderer); none when it is absent. */
export function rootsOf(bundle: RootsBundle, mspId: string): readonly string[] {
    return organisationsOf(bundle).find((o) => o.mspId === mspId)?.roots ?? [];
}

/** The bundle with one organisation's roots replaced (an empty list leaves it without roots). */
export function withRoots(bundle: RootsBundle, mspId: string, roots: readonly string[]): RootsBundle {
    const replace = <T extends { readonly mspId: string; readonly roots: readonly string[] }>(o: T): T =>
        o.mspId === mspId ? { ...o, roots } : o;
    return { ...bundle, members: bundle.members.map(replace), orderers: bundle.orderers.map(replace) };
}

/** The document whose salted fingerprint the fixtures of both recordings carry (the same document, salt and fingerprint). */
export function fixtureDocument(): { document: Uint8Array; salt: Uint8Array; fingerprint: string } {
    const meta = JSON.parse(read('document.json')) as { file: string; saltHex: string; fingerprint: string };
    return {
        document: new Uint8Array(readFileSync(join(DIR, meta.file))),
        salt: fromHex(meta.saltHex),
        fingerprint: meta.fingerprint,
    };
}
