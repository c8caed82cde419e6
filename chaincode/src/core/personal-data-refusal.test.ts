import { ERROR_CATALOGUE, PII_SAMPLES, PII_SHAPED_VALUES } from '@lendledger/domain';
import { jsonChanged, jsonPlaces, jsonStringPlaces, type JsonPath } from '@lendledger/domain/testing/json-walk.ts';
import { describe, expect, it } from 'vitest';
import { implicitCollectionOf } from '../abs/private-data.js';

import {
    allTransactionFunctions,
    invokeCall,
    resolveStep,
    storyLedger,
    storySteps,
    type Json,
    type StoryCall,
} from '../testing/ledger-story.js';
import type { MemoryLedger } from '../testing/memory-ledger.js';
import { ChaincodeError } from './chaincode-error.js';

/** The issuing bank's implicit collection, where the story deal's amounts live. */
const BANK_AMOUNTS = implicitCollectionOf('BankMSP');

/**
 * No personal data reaches the ledger through a write: every string a write function takes — each argument, each
 * string of its JSON request (nested objects and arrays included) and of its transient map — is replaced in turn by
 * each personal-data-shaped sample, and the call must be refused with INVALID_ARGUMENT naming that field, writing
 * and emitting nothing. A key no request knows, added to any of those objects, is refused the same way, its name
 * shown only when it passes the identifier rule. The write functions come from the contracts' metadata and the valid requests from one
 * story through all of them, so a new function fails the coverage check until the story calls it, and a new field
 * in a story request is tested without anyone listing it.
 */

/** A field path as chaincode errors name it: `items[0].loanRef`. */
function pathOf(at: JsonPath): string {
    return at.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** One altered call and the field path its refusal must name (or any, for transient fields, whose path varies). */
interface Alteration {
    readonly where: string;
    readonly field: string | undefined;
    readonly call: StoryCall;
}

function alterations(valid: StoryCall, value: string, parameters: readonly string[]): Alteration[] {
    const request = valid.positional
        ? jsonStringPlaces(valid.request).map((at) => ({
              where: `argument ${parameters[at[0] as number] ?? String(at[0])}`,
              field: parameters[at[0] as number],
              call: { ...valid, request: jsonChanged(valid.request, at, value) },
          }))
        : jsonStringPlaces(valid.request).map((at) => ({
              where: `request ${pathOf(at)}`,
              field: pathOf(at),
              call: { ...valid, request: jsonChanged(valid.request, at, value) },
          }));
    const transient =
        valid.transient === undefined
            ? []
            : jsonStringPlaces(valid.transient).map((at) => ({
                  where: `transient ${pathOf(at)}`,
                  field: undefined,
                  call: { ...valid, transient: jsonChanged(valid.transient!, at, value) as { [key: string]: Json } },
              }));
    return [...request, ...transient];
}

/** The places of the objects in a JSON value, the value itself included when it is one. */
function objectPlaces(value: Json): JsonPath[] {
    return jsonPlaces(value).filter((at) => {
        const found = at.reduce<Json | undefined>(
            (inner, part) => (inner !== null && typeof inner === 'object' ? (inner as never)[part] : undefined),
            value,
        );
        return found !== null && typeof found === 'object' && !Array.isArray(found);
    });
}

/**
 * Keys no request knows, added to every object of a request and of its transient map: one whose name passes the
 * identifier rule (the refusal names it) and one whose name is itself personal data (the refusal names only the
 * object that holds it, so the key goes nowhere).
 */
const EXTRA_KEYS = [
    { key: 'extraNote', named: true },
    { key: `${PII_SAMPLES.chineseName}${PII_SAMPLES.mobile}`, named: false },
] as const;

function extraKeyAlterations(valid: StoryCall, value: string): Alteration[] {
    const request = valid.positional
        ? []
        : objectPlaces(valid.request).flatMap((at) =>
              EXTRA_KEYS.map(({ key, named }) => {
                  const holder = at.length === 0 ? 'request' : pathOf(at);
                  return {
                      where: `request ${holder} + key ${named ? key : '(personal data)'}`,
                      field: named ? pathOf([...at, key]) : holder,
                      call: { ...valid, request: jsonChanged(valid.request, [...at, key], value) },
                  };
              }),
          );
    const transient =
        valid.transient === undefined
            ? []
            : objectPlaces(valid.transient).flatMap((at) =>
                  EXTRA_KEYS.map(({ key, named }) => ({
                      where: `transient ${at.length === 0 ? '' : pathOf(at)} + key ${named ? key : '(personal data)'}`,
                      field: undefined,
                      call: {
                          ...valid,
                          transient: jsonChanged(valid.transient!, [...at, key], value) as { [key: string]: Json },
                      },
                  })),
              );
    return [...request, ...transient];
}

function state(ledger: MemoryLedger): string {
    return JSON.stringify([[...ledger.snapshot()], [...ledger.privateData(BANK_AMOUNTS)]]);
}

/**
 * Codes that refuse a value because it must equal another field the same reader has already checked: a transient
 * amount names its loan by an ID that must be one of the request's loans, so no other value can get through.
 */
const CROSS_CHECK_CODES = new Set(['ABS_AMOUNTS_MISMATCH']);

/** What is wrong with one refusal, or undefined when it is the refusal the test expects. */
function refusalProblem(error: unknown, field: string | undefined): string | undefined {
    if (!(error instanceof ChaincodeError)) {
        return `threw ${String(error)}`;
    }
    if (ERROR_CATALOGUE[error.code]?.status !== 400) {
        return `refused with ${error.code}, not a 400: ${error.message}`;
    }
    if (CROSS_CHECK_CODES.has(error.code)) {
        return undefined;
    }
    if (error.code !== 'INVALID_ARGUMENT') {
        return `refused with ${error.code}, not INVALID_ARGUMENT: ${error.message}`;
    }
    const named = error.details.field;
    if (field !== undefined && named !== field) {
        return `refused naming ${String(named)}, not ${field}: ${error.message}`;
    }
    return undefined;
}

/** What is wrong with the outcome of one altered call, or undefined when it was refused as it must be. */
async function problemOf(ledger: MemoryLedger, alteration: Alteration): Promise<string | undefined> {
    const before = state(ledger);
    const outcome = await invokeCall(ledger, alteration.call).then(
        () => 'accepted',
        (error: unknown) => refusalProblem(error, alteration.field),
    );
    if (outcome !== undefined) {
        return outcome;
    }
    const refusal = ledger.lastRefusal;
    const attempted = (refusal?.writes.length ?? 0) + (refusal?.privateWrites.length ?? 0);
    return state(ledger) !== before || attempted > 0 || refusal?.event !== undefined
        ? 'wrote or emitted before refusing'
        : undefined;
}

describe('write functions refuse personal data in every string they take', () => {
    const writes = allTransactionFunctions().filter((entry) => entry.submit);

    it('has a valid story step for every write function of every contract', async () => {
        const called = new Set<string>();
        const ledger = storyLedger();
        for (const step of storySteps()) {
            const storyCall = await resolveStep(ledger, step);
            called.add(`${storyCall.contractName}:${storyCall.fn}`);
            await invokeCall(ledger, storyCall);
        }
        expect(writes.length).toBeGreaterThanOrEqual(28);
        expect(writes.map((entry) => `${entry.contractName}:${entry.fn}`).filter((name) => !called.has(name))).toEqual(
            [],
        );
    });

    it('refuses each sample in each string with INVALID_ARGUMENT naming the field, and writes nothing', async () => {
        const ledger = storyLedger();
        // One line per field that let a sample through, naming the first sample: enough to find the reader.
        const problems = new Map<string, string>();
        let refusals = 0;
        for (const step of storySteps()) {
            const valid = await resolveStep(ledger, step);
            const name = `${valid.contractName}:${valid.fn}`;
            const parameters = writes.find((entry) => `${entry.contractName}:${entry.fn}` === name)?.parameters ?? [];
            for (const value of PII_SHAPED_VALUES) {
                const extraKeys = value === PII_SAMPLES.residentId ? extraKeyAlterations(valid, value) : [];
                for (const alteration of [...alterations(valid, value, parameters), ...extraKeys]) {
                    const problem = await problemOf(ledger, alteration);
                    const field = `${name} ${alteration.where}`;
                    if (problem === undefined) {
                        refusals += 1;
                    } else {
                        problems.set(field, problems.get(field) ?? `${value}: ${problem}`);
                    }
                }
            }
            // The unaltered request succeeds on the same ledger, so each refusal above was the field's own check.
            await expect(invokeCall(ledger, valid), `${name} with its valid request`).resolves.toBeDefined();
        }
        expect([...problems].map(([field, problem]) => `${field} = ${problem}`)).toEqual([]);
        expect(refusals).toBeGreaterThan(1000);
    }, 60_000);
});
