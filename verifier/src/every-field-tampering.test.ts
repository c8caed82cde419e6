import { jsonChanged, jsonPlaces, type Json, type JsonPath } from '@lendledger/domain/testing/json-walk.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CheckName } from './checks/check-result.js';
import { defaultSignatureVerifier } from './crypto/default-verifier.js';
import { rememberingVerifier } from './crypto/remembering-verifier.js';
import { type Receipt } from './receipt/receipt.js';
import { DOCUMENT_MEMBERS } from './receipt/written-member.js';
import { TrustStore } from './roots/trust-store.js';
import { fixtureReceipt, fixtureRoots, type FixtureKind } from './testing/fixtures.js';
import { failedChecks } from './testing/results.js';
import { verifyReceipt } from './verify-receipt.js';

/*
 * The tamper class for a receipt's readable members: every number, flag and name a receipt carries (the block's
 * bytes aside, which tampering.test.ts edits message by message) is rewritten to other plausible values, one place
 * at a time, and the verifier must refuse each rewrite with the check that owns the place. A member added to the
 * format is walked too, and fails here until it is given an owner below.
 */
const roots = new TrustStore(fixtureRoots(), rememberingVerifier(defaultSignatureVerifier()));
const KINDS: readonly FixtureKind[] = ['direct', 'anchored', 'sealed'];

/** Places no check can own, and why. */
const UNSIGNED: Readonly<Record<string, string>> = {
    issuedAt: 'when the gateway assembled the receipt; documented as covered by no signature',
    'block.bytes': 'the evidence itself, rewritten message by message in tampering.test.ts',
};

beforeAll(async () => {
    for (const kind of KINDS) {
        expect((await verifyReceipt(fixtureReceipt(kind), { roots })).ok).toBe(true);
    }
});

/** The checks that own each top-level member: a rewrite anywhere inside it must fail at least one of them. */
const OWNERS: Readonly<Record<string, readonly CheckName[]>> = {
    format: ['receipt-format'],
    fingerprint: ['fingerprint-written', 'inclusion-proof'],
    channel: ['channel'],
    chaincode: ['chaincode'],
    // An index outside the block cannot be decoded; one inside it names another transaction.
    transaction: ['receipt-format', 'transaction-in-block'],
    write: ['fingerprint-written'],
    anchor: ['inclusion-proof'],
    timestamp: ['trusted-time'],
    block: ['transaction-in-block'],
    // Its numbers, names and flags live in the envelope's bytes: witness-tampering.test.ts edits them one by one.
    witness: ['validity-witness'],
    summary: ['summary'],
};

/** Members whose every value but one is refused before any bytes are read. */
const FORMAT_CONSTANTS = new Set(['anchor.treeAlgorithm', 'anchor.leafEncoding']);

function owners(path: JsonPath): readonly CheckName[] {
    if (FORMAT_CONSTANTS.has(placeName(path))) {
        return ['receipt-format'];
    }
    const owned = OWNERS[String(path[0])];
    if (owned === undefined) {
        throw new Error(`no check owns ${placeName(path)}: give it one before it joins the format`);
    }
    return owned;
}

function placeName(path: JsonPath): string {
    return path
        .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`))
        .join('')
        .slice(1);
}

function at(value: Json, path: JsonPath): Json {
    return path.reduce<Json>((node, step) => (node as Record<string, Json>)[step]!, value);
}

/** Every value found under the same member name anywhere in the receipt: the plausible other names. */
function sameNamed(receipt: Json, name: string | number | undefined): Json[] {
    return jsonPlaces(receipt)
        .filter((path) => path.length > 0 && path[path.length - 1] === name)
        .map((path) => at(receipt, path));
}

/** Plausible other values of the members that hold one of a few names. */
const NAMED_VALUES: Readonly<Record<string, readonly Json[]>> = {
    member: DOCUMENT_MEMBERS,
    role: ['client', 'peer', 'admin', 'orderer', 'member'],
    validation: ['VALID', 'MVCC_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE', 'UNKNOWN'],
};

/** Other values a forger could put at a place, each different from the genuine one. */
function rewrites(receipt: Json, path: JsonPath): Json[] {
    const value = at(receipt, path);
    const candidates = [...valueRewrites(receipt, path, value), ...structureRewrites(path, value)];
    const genuine = JSON.stringify(value);
    return [...new Map(candidates.map((c) => [JSON.stringify(c), c])).values()].filter(
        (c) => JSON.stringify(c) !== genuine,
    );
}

function valueRewrites(receipt: Json, path: JsonPath, value: Json): Json[] {
    if (typeof value === 'number') {
        return [value + 1, value - 1, 0, value * 2, 2 ** 31];
    }
    if (typeof value === 'boolean') {
        return [!value];
    }
    if (value === null) {
        return ['', 'x', 0];
    }
    return typeof value === 'string' ? stringRewrites(receipt, path, value) : [];
}

function stringRewrites(receipt: Json, path: JsonPath, value: string): Json[] {
    const name = String(path[path.length - 1]);
    const last = value.at(-1) === '0' ? '1' : '0';
    const candidates: Json[] = [`${value.slice(0, -1)}${last}`, `${value}x`, value.toUpperCase(), ''];
    candidates.push(...sameNamed(receipt, name), ...(NAMED_VALUES[name] ?? []));
    if (isHash(value)) {
        candidates.push(
            ...jsonPlaces(receipt)
                .map((p) => at(receipt, p))
                .filter(isHash),
        );
    }
    const time = Date.parse(value);
    if (name === 'time' && !Number.isNaN(time)) {
        candidates.push(new Date(time + 1).toISOString(), new Date(time - 1000).toISOString());
    }
    if (value.startsWith('sha256:')) {
        candidates.push(`sm3:${value.slice('sha256:'.length)}`);
    }
    return candidates;
}

/** Lists shortened, lengthened and reordered; summary objects given a member they do not have. */
function structureRewrites(path: JsonPath, value: Json): Json[] {
    if (Array.isArray(value)) {
        const first = value[0];
        const changed =
            first === undefined ? [] : [value.slice(1), value.slice(0, -1), [...value, first], [first, ...value]];
        return value.length > 1 ? [...changed, [...value].reverse()] : changed;
    }
    return value !== null && typeof value === 'object' && path[0] === 'summary' ? [{ ...value, extra: 1 }] : [];
}

function isHash(value: Json): value is string {
    return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** Every place of the receipt but its top and the unsigned ones. */
function places(receipt: Json): JsonPath[] {
    return jsonPlaces(receipt).filter(
        (path) => path.length > 0 && !Object.keys(UNSIGNED).some((name) => placeName(path).startsWith(name)),
    );
}

describe('every number, flag and name of a receipt', () => {
    it.each(KINDS)('is refused, when rewritten, by the check that owns it (%s receipt)', async (kind) => {
        const receipt = fixtureReceipt(kind) as unknown as Json;
        const escaped: string[] = [];
        let rewritten = 0;
        for (const path of places(receipt)) {
            const expected = owners(path);
            for (const other of rewrites(receipt, path)) {
                rewritten++;
                const forged = jsonChanged(receipt, path, other) as unknown as Receipt;
                const failed = failedChecks(await verifyReceipt(forged, { roots }));
                if (!failed.some((name) => expected.includes(name))) {
                    escaped.push(`${placeName(path)} = ${JSON.stringify(other)}: failed [${failed.join(', ')}]`);
                }
            }
        }

        expect(escaped).toEqual([]);
        expect(rewritten).toBeGreaterThan(150);
    });

    it.each(KINDS)('has a place for every member of the %s receipt but the unsigned ones', (kind) => {
        const receipt = fixtureReceipt(kind) as unknown as Json;
        const walked = new Set(places(receipt).map((path) => String(path[0])));
        const members = Object.keys(receipt as Record<string, Json>).filter((name) => !(name in UNSIGNED));
        expect([...walked].sort()).toEqual(members.sort());
        for (const path of places(receipt)) {
            expect(owners(path).length).toBeGreaterThan(0);
        }
    });
});

describe('the numbers a forger edits together with the summary', () => {
    it.each(KINDS)('refuses another block number stated everywhere (%s receipt)', async (kind) => {
        const receipt = fixtureReceipt(kind);
        const number = receipt.block.number + 1;
        const statement = receipt.summary.statement.replace(`block ${receipt.block.number} `, `block ${number} `);
        const forged = {
            ...receipt,
            block: { ...receipt.block, number },
            summary: { ...receipt.summary, blockNumber: number, statement },
        };

        expect(failedChecks(await verifyReceipt(forged, { roots }))).toEqual(['summary', 'transaction-in-block']);
    });
});
