import { decodeCodedError } from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger, USERS } from '../testing/memory-ledger.js';
import { ProbeContract } from './probe-contract.js';

describe('ProbeContract', () => {
    let ledger: MemoryLedger;
    const contract = new ProbeContract();

    beforeEach(() => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
    });

    it('records the writer organisation, subject, transaction and time', async () => {
        const put = await ledger.invokeJson(contract, 'Put', USERS.court, 'alpha', 'one');
        expect(put).toEqual({
            mspId: 'CourtMSP',
            name: 'alpha',
            subject: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@court.lendledger.test',
            time: '2026-03-01T00:00:00.000Z',
            txId: 'tx000001',
            value: 'one',
        });
        expect(await ledger.invokeJson(contract, 'Get', USERS.bank, 'alpha')).toEqual(put);
    });

    it('emits a probe.written event', async () => {
        const { event } = await ledger.invoke(contract, 'Put', USERS.bank, 'beta', 'x');
        expect(event).toEqual({ name: 'probe.written', payload: { mspId: 'BankMSP', name: 'beta', txId: 'tx000001' } });
    });

    it('lets a member that joined after the founders write and read probes', async () => {
        ledger = new MemoryLedger({ registry: [{ mspId: 'Platform3MSP', roles: ['platform'] }] });
        const joined = { mspId: 'Platform3MSP', commonName: 'User1@platform3.lendledger.test' };
        const put = await ledger.invokeJson(contract, 'Put', joined, 'delta', 'x');
        expect(put).toMatchObject({ mspId: 'Platform3MSP', name: 'delta', value: 'x' });
        expect(await ledger.invokeJson(contract, 'Get', joined, 'delta')).toEqual(put);
    });

    it('refuses a founding organisation once it is no longer in the registry, and writes nothing', async () => {
        ledger = new MemoryLedger({ registry: [{ mspId: 'Platform3MSP', roles: ['platform'] }] });
        const error = await ledger.invoke(contract, 'Put', USERS.bank, 'epsilon', 'x').catch((e: Error) => e);
        expect(decodeCodedError((error as Error).message)).toMatchObject({
            code: 'ACCESS_DENIED',
            details: { mspId: 'BankMSP' },
        });
        expect(ledger.keysWritten()).toEqual([]);
    });

    it('refuses callers outside the registry and writes nothing', async () => {
        const error = await ledger.invoke(contract, 'Put', USERS.outsider, 'gamma', 'x').catch((e: Error) => e);
        expect(decodeCodedError((error as Error).message)).toMatchObject({
            code: 'ACCESS_DENIED',
            details: { mspId: 'OrdererMSP' },
        });
        expect(ledger.keysWritten()).toEqual([]);
    });

    it('refuses malformed names with INVALID_ARGUMENT', async () => {
        await expect(ledger.invoke(contract, 'Put', USERS.bank, 'bad name!', 'x')).rejects.toThrow(/INVALID_ARGUMENT/);
    });

    it("refuses an empty or malformed name on reads with INVALID_ARGUMENT, not the shim's uncoded error", async () => {
        for (const name of ['', 'bad name!']) {
            await expect(ledger.invoke(contract, 'Get', USERS.bank, name)).rejects.toThrow(/"code":"INVALID_ARGUMENT"/);
        }
    });

    it('answers NOT_FOUND for a probe never written', async () => {
        await expect(ledger.invoke(contract, 'Get', USERS.bank, 'missing')).rejects.toThrow(/"code":"NOT_FOUND"/);
    });
});
