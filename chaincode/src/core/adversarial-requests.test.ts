import { ERROR_CATALOGUE, PII_SAMPLES, PII_SHAPED_VALUES } from '@lendledger/domain';
import { jsonChanged, jsonObjectOf, jsonPlaces } from '@lendledger/domain/testing/json-walk.ts';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { implicitCollectionOf } from '../abs/private-data.js';

import { transientMap, withStub } from '../abs/testing/abs-harness.js';
import { allTransactionFunctions, tellStory, type Json, type StoryCall } from '../testing/ledger-story.js';
import { USERS, type MemoryLedger, type TestIdentity } from '../testing/memory-ledger.js';
import { type TransactionFunction } from '../testing/transaction-functions.js';
import { ChaincodeError } from './chaincode-error.js';

/** The issuing bank's implicit collection, where the story deal's amounts live. */
const BANK_AMOUNTS = implicitCollectionOf('BankMSP');

/**
 * Every transaction function of every contract — found in the contracts' metadata, so a new one is covered the day
 * it is added — called with arbitrary and adversarial arguments under every member's identity and a stranger's, on
 * a ledger that holds a whole story's data. Whatever the input, the call answers JSON or throws a ChaincodeError
 * whose catalogued status is 4xx, and a refused call leaves world state and private data as they were, having
 * written nothing and emitted no event before it threw. A crash of the peer (PeerPanicError), a TypeError or any
 * other uncoded error fails the property.
 */

const FUNCTIONS = allTransactionFunctions();
const CALLERS: TestIdentity[] = [
    ...Object.values(USERS),
    { mspId: 'EvilMSP', commonName: 'mallory' },
    { mspId: 'BankMSP', commonName: '张三', attributes: { role: 'admin' } },
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Every key and every scalar in a set of JSON values, so that generated requests often look almost right. */
function harvest(values: readonly Json[]): { keys: string[]; scalars: Json[] } {
    const keys = new Set<string>();
    const scalars = new Set<Json>();
    const walk = (value: Json): void => {
        if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (value !== null && typeof value === 'object') {
            for (const [key, member] of Object.entries(value)) {
                keys.add(key);
                walk(member);
            }
        } else {
            scalars.add(value);
        }
    };
    values.forEach(walk);
    return { keys: [...keys], scalars: [...scalars] };
}

/** World state and private data as text, to compare before and after a refused call. */
function stateOf(ledger: MemoryLedger): string {
    return JSON.stringify([[...ledger.snapshot()], [...ledger.privateData(BANK_AMOUNTS)]]);
}

describe('every transaction function under arbitrary and adversarial input', () => {
    let ledger: MemoryLedger;
    let story: StoryCall[];
    let keys: string[];
    let scalars: Json[];
    /** Every record on the ledger: a read handed one of these names a record that exists. */
    let records: Json[];
    /** Per function, the callers its access rule admits (the others only ever meet ACCESS_DENIED). */
    const admitted = new Map<string, TestIdentity[]>();
    const prototypeMembers = Object.getOwnPropertyNames(Object.prototype).sort();

    beforeAll(async () => {
        ({ ledger, calls: story } = await tellStory());
        records = [...ledger.snapshot().values()]
            .map((text) => JSON.parse(text) as Json)
            .filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value));
        ({ keys, scalars } = harvest([...story.map((call) => call.request), ...records]));
        keys.push('pageSize', 'bookmark', 'from', 'to');
        for (const entry of FUNCTIONS) {
            const allowed: TestIdentity[] = [];
            for (const caller of CALLERS) {
                const args = entry.parameters.map(() => '{}');
                const refused = await ledger.invoke(entry.contract, entry.fn, caller, ...args).then(
                    () => undefined,
                    (error: unknown) => (error as ChaincodeError).code,
                );
                if (refused !== 'ACCESS_DENIED') {
                    allowed.push(caller);
                }
            }
            admitted.set(`${entry.contractName}:${entry.fn}`, allowed);
        }
    });

    it('finds every contract and its transaction functions in the metadata', () => {
        const contracts = new Set(FUNCTIONS.map((entry) => entry.contractName));
        expect([...contracts].sort()).toEqual(
            [
                'AbsDeal',
                'AbsPool',
                'AbsReport',
                'Admission',
                'Anchor',
                'Attestation',
                'Case',
                'Consent',
                'Evidence',
                'Probe',
                'Registry',
                'Witness',
            ].sort(),
        );
        expect(FUNCTIONS.length).toBeGreaterThanOrEqual(59);
        expect(FUNCTIONS.filter((entry) => !entry.submit).length).toBeGreaterThanOrEqual(30);
    });

    /** Values no field expects: wrong types, edge numbers, odd text, personal data, keys that attack objects. */
    const oddScalar = (): fc.Arbitrary<Json> =>
        fc.oneof(
            fc.constantFrom(...scalars),
            fc.constantFrom(...PII_SHAPED_VALUES),
            fc.constantFrom(...PROTO_KEYS),
            fc.constantFrom(
                '',
                ' ',
                '0',
                '-1',
                '1e308',
                '0x10',
                'NaN',
                'Infinity',
                '9007199254740993',
                '\u0000',
                '\u0000evidence\u0000',
                '\u{10ffff}',
                '\ud800',
                'a'.repeat(5000),
            ),
            fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e21),
            fc.string(),
            fc.string({ unit: 'binary' }),
            fc.integer(),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.boolean(),
            fc.constant(null),
        );

    const key = (): fc.Arbitrary<string> =>
        fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...keys) },
            { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
            { weight: 1, arbitrary: fc.string() },
        );

    /** Objects built from the story's field names and values, nested a little, with attack keys among them. */
    const looseJson = (): fc.Arbitrary<Json> =>
        fc.letrec<{ value: Json; object: Json }>((tie) => ({
            value: fc.oneof(
                { depthSize: 'small', withCrossShrink: true },
                oddScalar(),
                tie('object'),
                fc.array(tie('value'), { maxLength: 4 }),
            ),
            object: fc.array(fc.tuple(key(), tie('value')), { maxLength: 6 }).map(jsonObjectOf),
        })).object;

    /** A story request with one place replaced by an odd value, removed, or joined by an attack key. */
    const mutated = (seed: Json): fc.Arbitrary<Json> => {
        const places = jsonPlaces(seed);
        return fc.oneof(
            fc
                .tuple(fc.constantFrom(...places), fc.oneof(oddScalar(), looseJson()))
                .map(([at, value]) => jsonChanged(seed, at, value) ?? null),
            fc
                .constantFrom(...places.filter((at) => at.length > 0))
                .map((at) => jsonChanged(seed, at, undefined) ?? null),
            fc
                .tuple(fc.constantFrom(...PROTO_KEYS), looseJson())
                .map(([name, value]) => jsonChanged(seed, [name], value) ?? null),
        );
    };

    /** Text that is not the JSON object a function expects. */
    const oddText = (): fc.Arbitrary<string> =>
        fc.oneof(
            fc.string(),
            fc.string({ unit: 'binary' }),
            fc.constantFrom(
                '',
                'null',
                '[]',
                '"text"',
                '1',
                'true',
                '{',
                '{"a":1}}',
                '['.repeat(20_000),
                '{"__proto__":{"polluted":true}}',
                '{"constructor":{"prototype":{"polluted":true}}}',
            ),
            fc.anything().map((value) => JSON.stringify(value) ?? ''),
        );

    /** The arguments of one call: JSON requests (mostly near-valid) or raw text, one per parameter. */
    const argumentsFor = (entry: TransactionFunction): fc.Arbitrary<string[]> => {
        const seeds = story.filter((call) => call.contractName === entry.contractName && call.fn === entry.fn);
        const request = fc.oneof(
            ...seeds.map((seed) => ({ weight: 4, arbitrary: mutated(seed.request) })),
            { weight: 2, arbitrary: fc.constantFrom(...records) },
            { weight: 2, arbitrary: fc.constantFrom(...records).chain(mutated) },
            { weight: 2, arbitrary: looseJson() },
        );
        const positional = seeds.find((seed) => seed.positional);
        const text = fc.oneof(
            { weight: 4, arbitrary: request.map((value) => JSON.stringify(value)) },
            { weight: 1, arbitrary: oddText() },
        );
        if (positional !== undefined) {
            const near = mutated(positional.request).map((value) =>
                Array.isArray(value)
                    ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
                    : [],
            );
            return fc.oneof(
                near.filter((values) => values.length === entry.parameters.length),
                fc.tuple(...entry.parameters.map(() => fc.oneof(oddText(), fc.constantFrom(...keys)))),
            );
        }
        return fc.tuple(...entry.parameters.map(() => text));
    };

    /** A transient map: none, the story's (altered), or arbitrary. */
    const transientFor = (entry: TransactionFunction): fc.Arbitrary<Record<string, unknown> | undefined> => {
        const seeds = story.filter((call) => call.transient !== undefined && call.fn === entry.fn);
        return fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            ...seeds.map((seed) => ({
                weight: 3,
                arbitrary: mutated(seed.transient as Json).map((value) =>
                    value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { loans: value },
                ),
            })),
            { weight: 1, arbitrary: fc.record({ loans: fc.oneof(looseJson(), fc.array(looseJson())) }) },
        );
    };

    /** The places of the objects in a request, the request itself first. */
    const objectPlacesOf = (seed: Json): ReturnType<typeof jsonPlaces> =>
        jsonPlaces(seed).filter((at) => {
            const found = at.reduce<Json | undefined>(
                (inner, part) => (inner !== null && typeof inner === 'object' ? (inner as never)[part] : undefined),
                seed,
            );
            return found !== null && typeof found === 'object' && !Array.isArray(found);
        });

    /** A key no request knows: its name personal data, a near miss of a real field, or arbitrary text. */
    const unknownKey = (): fc.Arbitrary<string> =>
        fc
            .oneof(
                fc.constantFrom(...PII_SHAPED_VALUES),
                fc.constantFrom(...keys).map((name) => `${name}X`),
                fc.string({ minLength: 1 }),
            )
            .filter((name) => !keys.includes(name) && !PROTO_KEYS.includes(name));

    // Every write function has a story call (personal-data-refusal.test.ts checks it); Probe:Put takes no JSON object.
    it.each(
        FUNCTIONS.filter((entry) => entry.submit && entry.parameters.length === 1).map(
            (entry) => [`${entry.contractName}:${entry.fn}`, entry] as const,
        ),
    )('%s refuses an unknown key in any object of a valid request, and writes nothing', async (_name, entry) => {
        const seeds = story.filter(
            (call) => call.contractName === entry.contractName && call.fn === entry.fn && !call.positional,
        );
        expect(seeds.length).toBeGreaterThan(0);
        await fc.assert(
            fc.asyncProperty(
                fc
                    .constantFrom(...seeds)
                    .chain((seed) => fc.tuple(fc.constant(seed), fc.constantFrom(...objectPlacesOf(seed.request)))),
                unknownKey(),
                oddScalar(),
                async ([seed, at], name, value) => {
                    const contract =
                        seed.transient === undefined
                            ? entry.contract
                            : withStub(entry.contract, () => ({ getTransient: () => transientMap(seed.transient!) }));
                    const request = jsonChanged(seed.request, [...at, name], value);
                    const before = stateOf(ledger);
                    const error = await ledger.invoke(contract, entry.fn, seed.caller, JSON.stringify(request)).then(
                        () => undefined,
                        (refusal: unknown) => refusal,
                    );
                    expect(error).toBeInstanceOf(ChaincodeError);
                    expect((error as ChaincodeError).code).toBe('INVALID_ARGUMENT');
                    expect(JSON.stringify(error)).not.toContain(PII_SAMPLES.residentId);
                    expect(stateOf(ledger)).toBe(before);
                    expect(ledger.lastRefusal).toMatchObject({ writes: [], privateWrites: [] });
                },
            ),
            { numRuns: 40 },
        );
    });

    /** Mostly a caller the function admits, so that runs get past the access check; sometimes anyone. */
    const callerFor = (entry: TransactionFunction): fc.Arbitrary<TestIdentity> => {
        const allowed = admitted.get(`${entry.contractName}:${entry.fn}`) ?? [];
        return allowed.length === 0
            ? fc.constantFrom(...CALLERS)
            : fc.oneof(
                  { weight: 4, arbitrary: fc.constantFrom(...allowed) },
                  { weight: 1, arbitrary: fc.constantFrom(...CALLERS) },
              );
    };

    it.each(FUNCTIONS.map((entry) => [`${entry.contractName}:${entry.fn}`, entry] as const))(
        '%s answers JSON or a catalogued 4xx error, and a refusal writes nothing',
        async (_name, entry) => {
            await fc.assert(
                fc.asyncProperty(
                    callerFor(entry),
                    argumentsFor(entry),
                    transientFor(entry),
                    async (caller, args, transient) => {
                        const contract =
                            transient === undefined
                                ? entry.contract
                                : withStub(entry.contract, () => ({ getTransient: () => transientMap(transient) }));
                        const before = stateOf(ledger);
                        const outcome = await ledger.invoke(contract, entry.fn, caller, ...args).then(
                            ({ payload }) => ({ payload }),
                            (error: unknown) => ({ error }),
                        );
                        if ('payload' in outcome) {
                            expect(() => JSON.parse(outcome.payload) as unknown).not.toThrow();
                            return;
                        }
                        expect(outcome.error).toBeInstanceOf(ChaincodeError);
                        const status = ERROR_CATALOGUE[(outcome.error as ChaincodeError).code]?.status;
                        expect(status).toBeGreaterThanOrEqual(400);
                        expect(status).toBeLessThan(500);
                        expect(stateOf(ledger)).toBe(before);
                        expect(ledger.lastRefusal).toMatchObject({ writes: [], privateWrites: [] });
                        expect(ledger.lastRefusal?.event).toBeUndefined();
                    },
                ),
                { numRuns: 200 },
            );
            expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeMembers);
        },
        30_000,
    );
});
