import { decodeCodedError, WITNESS_READ_FUNCTION } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { withStub } from '../abs/testing/abs-harness.js';
import { tellStory } from '../testing/ledger-story.js';
import { USERS, type MemoryLedger } from '../testing/memory-ledger.js';
import { transactionFunctions } from '../testing/transaction-functions.js';
import { WitnessContract } from './witness-contract.js';

const witness = new WitnessContract();
const HEX = 'ab'.repeat(32);
const composite = (...parts: string[]): string => `\u0000${parts.join('\u0000')}\u0000`;
/** The registry in force, which every call reads to learn whether the caller is a member. */
const REGISTRY = composite('registry');

/** The contract with every `getState` it makes recorded. */
function recordingReads(): { contract: WitnessContract; reads: string[] } {
    const reads: string[] = [];
    const contract = withStub(witness, (stub: Context['stub']) => ({
        getState: (key: string) => {
            reads.push(key);
            return stub.getState(key);
        },
    }));
    return { contract, reads };
}

describe('WitnessContract', () => {
    let ledger: MemoryLedger;
    const keysOf = (objectType: string): string[] =>
        ledger.keys().filter((key) => key.startsWith(`\u0000${objectType}\u0000`));

    beforeAll(async () => {
        ({ ledger } = await tellStory());
    });

    it('serves the read the domain names for gateways and verifiers, as an evaluated (never submitted) function', () => {
        const [read] = transactionFunctions([WitnessContract]);
        expect(`${read?.contractName}:${read?.fn}`).toBe(WITNESS_READ_FUNCTION);
        expect(read).toMatchObject({ submit: false, parameters: ['key'] });
    });

    it('answers that an evidence record, an anchor and a sealed batch exist, reading their key once', async () => {
        const named = ['ev.record', 'anchor', 'anchor.sealed'].map((type) => keysOf(type)[0]);
        expect(named.every((key) => key !== undefined)).toBe(true);
        for (const key of named as string[]) {
            const { contract, reads } = recordingReads();
            expect(await ledger.invokeJson(contract, 'Read', USERS.investor, key)).toEqual({ exists: true });
            expect(reads).toEqual([REGISTRY, key]);
        }
    });

    it('answers exists false for a well-formed key nothing wrote, so the read set shows no version', async () => {
        const { contract, reads } = recordingReads();
        const key = composite('anchor.sealed', HEX);
        expect(await ledger.invokeJson(contract, 'Read', USERS.court, key)).toEqual({ exists: false });
        expect(reads).toEqual([REGISTRY, key]);
    });

    it('answers nothing of the record: its content stays out of what the endorsers sign', async () => {
        const key = keysOf('ev.record')[0]!;
        const { payload } = await ledger.invoke(witness, 'Read', USERS.notary, key);
        expect(payload).toBe('{"exists":true}');
    });

    it('refuses keys of other types or shapes with INVALID_ARGUMENT on field key, reading nothing but the registry', async () => {
        const loanRef = `loan:${HEX}`;
        const refused = [
            '',
            'anchor',
            `anchor\u0000${HEX}\u0000`,
            `\u0000anchor\u0000${HEX}`,
            composite('anchor'),
            composite('anchor', HEX, HEX),
            composite('anchor', HEX.toUpperCase()),
            composite('anchor.fp', `sha256:${HEX}`, HEX),
            composite('anchor.leaves', HEX, '000000'),
            composite('consent', 'c-1'),
            composite('probe', 'readyz'),
            composite('ev.record', loanRef),
            composite('ev.record', loanRef, '1'),
            composite('ev.record', '13800138000', '0000000001'),
            composite('__proto__', HEX),
            composite('toString', HEX),
        ];
        for (const key of refused) {
            const { contract, reads } = recordingReads();
            const error = await ledger.invoke(contract, 'Read', USERS.bank, key).catch((e: Error) => e);
            const coded = decodeCodedError((error as Error).message);
            expect(coded, JSON.stringify(key)).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'key' } });
            expect(coded?.message).not.toContain(HEX);
            // Only the access gate's read of the registry, before the key is looked at.
            expect(reads).toEqual([REGISTRY]);
        }
    });

    it('refuses callers outside the member organisations with ACCESS_DENIED', async () => {
        const error = await ledger
            .invoke(witness, 'Read', USERS.outsider, composite('anchor', HEX))
            .catch((e: Error) => e);
        expect(decodeCodedError((error as Error).message)).toMatchObject({ code: 'ACCESS_DENIED' });
    });

    it('writes nothing and emits no event', async () => {
        const before = JSON.stringify([...ledger.snapshot()]);
        const invocation = await ledger.invoke(witness, 'Read', USERS.platform, keysOf('anchor')[0]!);
        expect(invocation.event).toBeUndefined();
        expect(JSON.stringify([...ledger.snapshot()])).toBe(before);
    });
});
