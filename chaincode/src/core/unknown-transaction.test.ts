import { createRequire } from 'node:module';
import { COMMON_ERRORS, decodeCodedError, ERROR_CATALOGUE } from '@lendledger/domain';
import { JSONSerializer } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { contracts } from '../index.js';
import { MemoryLedger, USERS } from '../testing/memory-ledger.js';
import { refusalOf } from '../testing/refusals.js';

/**
 * A call of a function a contract does not declare is refused with the coded UNKNOWN_TRANSACTION, whose catalogued
 * status is a 4xx: fabric-contract-api's default answer is an uncoded error that a gateway can only report as a
 * failed endorsement (502). Checked on every contract of the chaincode, in the in-memory ledger and through
 * fabric-shim's own dispatcher.
 */

const NAMED = contracts.map((ContractClass) => {
    const contract = new ContractClass() as { getName(): string };
    return { name: contract.getName(), contract };
});

describe('unknown transaction functions', () => {
    it('the catalogue maps UNKNOWN_TRANSACTION to a 4xx status', () => {
        const status = ERROR_CATALOGUE[COMMON_ERRORS.UNKNOWN_TRANSACTION.code]?.status ?? 0;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
    });

    it.each(NAMED)(
        '$name refuses an unknown function with UNKNOWN_TRANSACTION and writes nothing',
        async ({ name, contract }) => {
            const ledger = new MemoryLedger();
            const error = await refusalOf(ledger.invoke(contract, 'NoSuchFunction', USERS.platform, '{}'));
            expect(error.code).toBe('UNKNOWN_TRANSACTION');
            expect(error.details).toEqual({ contract: name, function: 'NoSuchFunction' });
            expect(ledger.lastRefusal).toMatchObject({ writes: [], privateWrites: [] });
            expect(ledger.keysWritten()).toEqual([]);
        },
    );

    it.each(NAMED)('$name answers a method that is not a transaction function as unknown', async ({ contract }) => {
        const ledger = new MemoryLedger();
        for (const method of ['getName', 'beforeTransaction', 'unknownTransaction']) {
            expect((await refusalOf(ledger.invoke(contract, method, USERS.bank))).code).toBe('UNKNOWN_TRANSACTION');
        }
    });

    it('does not echo a function name that is not a plain name', async () => {
        const { name, contract } = NAMED[0]!;
        const error = await refusalOf(new MemoryLedger().invoke(contract, 'x<script>\u5f20\u4e09', USERS.platform));
        expect(error.details).toEqual({ contract: name });
        expect(error.message).not.toContain('script');
    });

    it.each(NAMED)("$name answers UNKNOWN_TRANSACTION through fabric-shim's dispatcher", async ({ name }) => {
        const response = await dispatcher().invokeFunctionality(stubCalling(`${name}:NoSuchFunction`));
        expect(response.status).toBe(500);
        expect(decodeCodedError(response.message)).toMatchObject({
            code: 'UNKNOWN_TRANSACTION',
            details: { contract: name, function: 'NoSuchFunction' },
        });
    });
});

/** fabric-shim's dispatcher over every contract, as the chaincode server builds it at start-up. */
function dispatcher(): { invokeFunctionality(stub: object): Promise<{ status: number; message: string }> } {
    const load = createRequire(__filename);
    // The module exports the class itself; fabric-shim declares no types for it.
    const ChaincodeFromContract = load('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as new (
        classes: unknown[],
        serializers: unknown,
    ) => { invokeFunctionality(stub: object): Promise<{ status: number; message: string }> };
    return new ChaincodeFromContract([...contracts], {
        transaction: 'jsonSerializer',
        serializers: { jsonSerializer: JSONSerializer },
    });
}

/** A self-signed certificate standing in for a platform client's; the dispatcher parses it before it dispatches. */
const CLIENT_CERTIFICATE = [
    '-----BEGIN CERTIFICATE-----',
    'MIICLTCCAdOgAwIBAgIUVQ1U+0ffWCHGEeoxb5TSJ9MW6+wwCgYIKoZIzj0EAwIw',
    'azELMAkGA1UEBhMCQ04xEDAOBgNVBAgMB0JlaWppbmcxEDAOBgNVBAcMB0JlaWpp',
    'bmcxDzANBgNVBAsMBmNsaWVudDEnMCUGA1UEAwweVXNlcjFAcGxhdGZvcm0ubGVu',
    'ZGxlZGdlci50ZXN0MCAXDTI2MTIwNDIyMzIwM1oYDzIxMjYxMTEwMjIzMjAzWjBr',
    'MQswCQYDVQQGEwJDTjEQMA4GA1UECAwHQmVpamluZzEQMA4GA1UEBwwHQmVpamlu',
    'ZzEPMA0GA1UECwwGY2xpZW50MScwJQYDVQQDDB5Vc2VyMUBwbGF0Zm9ybS5sZW5k',
    'bGVkZ2VyLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASlGaJO84Achw1o',
    'N/XLfxAIr3CImQGmehtKM3UPaUrzr4HAJviWqcCTJ9lDUYVQo4QjTv+yZtBqxC7Q',
    'i80IAhhlo1MwUTAdBgNVHQ4EFgQU13cDS4d00C0Bajn+MGo5sJyeL/kwHwYDVR0j',
    'BBgwFoAU13cDS4d00C0Bajn+MGo5sJyeL/kwDwYDVR0TAQH/BAUwAwEB/zAKBggq',
    'hkjOPQQDAgNIADBFAiEA9pugCOVOOaDfc0p15K4jeRyabmpfavIUgPubojRoMgQC',
    'IDa9diuYt6zR8oh+gOWwH6aS25xYRMoh3l/I/arLih1h',
    '-----END CERTIFICATE-----',
].join('\n');

/** The part of a peer's stub the dispatcher reads before it calls `unknownTransaction`. */
function stubCalling(fcn: string): object {
    return {
        getBufferArgs: () => [Buffer.from(fcn), Buffer.from('{}')],
        getFunctionAndParameters: () => ({ fcn, params: ['{}'] }),
        getTxID: () => 'tx-unknown',
        getChannelID: () => 'lending',
        getCreator: () => ({ mspid: 'PlatformMSP', idBytes: Buffer.from(CLIENT_CERTIFICATE) }),
    };
}
