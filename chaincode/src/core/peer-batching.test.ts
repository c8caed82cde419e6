import { peer } from '@hyperledger/fabric-protos';
import fc from 'fast-check';
import { type ChaincodeStub } from 'fabric-shim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
    batchWrites,
    decodeGetStateMultipleResult,
    encodeGetStateMultiple,
    encodeWriteBatch,
    flushWrites,
    getStates,
} from './peer-batching.js';

/** fabric-protos' own encoding of `PutState { key, value }`: WriteRecord shares its field numbers 1 and 2. */
function putStateBytes(key: string, value: Uint8Array): Buffer {
    const putState = new peer.PutState();
    putState.setKey(key);
    putState.setValue(value);
    return Buffer.from(putState.serializeBinary());
}

function lengthPrefixed(field: number, bytes: Uint8Array): Buffer {
    expect(bytes.length).toBeLessThan(128);
    return Buffer.concat([Buffer.from([(field << 3) + 2, bytes.length]), bytes]);
}

const keyArbitrary = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const valueArbitrary = fc.uint8Array({ minLength: 1, maxLength: 60 });

describe('peer batching encodings', () => {
    it('encodes each write as fabric-protos encodes a PutState, followed by its type PUT_STATE (9) or DEL_STATE (10)', () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(keyArbitrary, fc.option(valueArbitrary)), { maxLength: 5 }), (writes) => {
                const expected = Buffer.concat(
                    writes.map(([key, value]) =>
                        lengthPrefixed(
                            1,
                            Buffer.concat([
                                putStateBytes(key, value ?? new Uint8Array(0)),
                                Buffer.from([5 << 3, value === null ? 10 : 9]),
                            ]),
                        ),
                    ),
                );
                expect(Buffer.from(encodeWriteBatch(writes))).toEqual(expected);
            }),
        );
    });

    it('encodes the keys of a multiple read as repeated field 1, as fabric-protos encodes each GetState key', () => {
        fc.assert(
            fc.property(fc.array(keyArbitrary, { maxLength: 5 }), (keys) => {
                const expected = Buffer.concat(
                    keys.map((key) => {
                        const getState = new peer.GetState();
                        getState.setKey(key);
                        return Buffer.from(getState.serializeBinary());
                    }),
                );
                expect(Buffer.from(encodeGetStateMultiple(keys))).toEqual(expected);
            }),
        );
    });

    it('decodes the values of a multiple read in order, an absent key as empty bytes', () => {
        fc.assert(
            fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (values) => {
                const encoded = Buffer.concat(
                    values.map((value) => {
                        const length =
                            value.length < 128 ? [value.length] : [(value.length & 0x7f) | 0x80, value.length >> 7];
                        return Buffer.concat([Buffer.from([0x0a, ...length]), value]);
                    }),
                );
                expect(decodeGetStateMultipleResult(encoded).map((value) => Buffer.from(value))).toEqual(
                    values.map((value) => Buffer.from(value)),
                );
            }),
        );
    });

    it('refuses a truncated answer rather than return fewer values', () => {
        expect(() => decodeGetStateMultipleResult(Buffer.from([0x0a, 5, 1, 2]))).toThrow('truncated');
    });
});

/** A stub as fabric-shim builds it: its message queue records what reaches the peer. */
function shimStub(answer: (message: peer.ChaincodeMessage) => Uint8Array = () => new Uint8Array(0)) {
    const sent: peer.ChaincodeMessage[] = [];
    const direct: string[] = [];
    const stub = {
        channel_id: 'lending',
        txId: 'tx1',
        handler: {
            _askPeerAndListen: async (message: peer.ChaincodeMessage) => {
                sent.push(message);
                return Buffer.from(answer(message));
            },
        },
        putState: async (key: string) => {
            direct.push(`put ${key}`);
        },
        deleteState: async (key: string) => {
            direct.push(`delete ${key}`);
        },
        getState: async (key: string) => {
            direct.push(`get ${key}`);
            return new Uint8Array(0);
        },
    };
    return { stub: stub as unknown as ChaincodeStub, sent, direct };
}

describe('peer batching on a fabric-shim stub', () => {
    afterEach(() => {
        vi.unstubAllEnvs();
    });

    it('holds writes back, the last write of a key winning, and sends them in one WRITE_BATCH_STATE message', async () => {
        const { stub, sent, direct } = shimStub();
        batchWrites(stub);
        await stub.putState('a', Buffer.from('1'));
        await stub.putState('b', Buffer.from('2'));
        await stub.deleteState('a');
        expect(sent).toEqual([]);
        await flushWrites(stub);
        expect(direct).toEqual([]);
        expect(sent.map((message) => [message.getType(), message.getTxid(), message.getChannelId()])).toEqual([
            [24, 'tx1', 'lending'],
        ]);
        expect(Buffer.from(sent[0]!.getPayload_asU8())).toEqual(
            Buffer.from(
                encodeWriteBatch([
                    ['a', null],
                    ['b', Buffer.from('2')],
                ]),
            ),
        );
    });

    it('sends more than a thousand writes in messages of a thousand', async () => {
        const { stub, sent } = shimStub();
        batchWrites(stub);
        for (let index = 0; index < 2500; index++) {
            await stub.putState(`k${index}`, Buffer.from('v'));
        }
        await flushWrites(stub);
        expect(sent).toHaveLength(3);
    });

    it('reads many keys in one GET_STATE_MULTIPLE message and answers them in order', async () => {
        const { stub, sent, direct } = shimStub((message) => {
            const keys = decodeGetStateMultipleResult(message.getPayload_asU8()).map((key) => Buffer.from(key));
            return Buffer.concat(keys.map((key) => lengthPrefixed(1, Buffer.concat([Buffer.from('v:'), key]))));
        });
        const values = await getStates(stub, ['x', 'y', 'z']);
        expect(values.map((value) => Buffer.from(value).toString())).toEqual(['v:x', 'v:y', 'v:z']);
        expect(sent.map((message) => message.getType())).toEqual([25]);
        expect(direct).toEqual([]);
    });

    it('refuses an answer with another number of values than keys asked', async () => {
        const { stub } = shimStub(() => lengthPrefixed(1, Buffer.from('only one')));
        await expect(getStates(stub, ['x', 'y'])).rejects.toThrow('1 values for 2 keys');
    });

    it('uses the plain calls when LENDLEDGER_PEER_BATCHING=off, for a peer older than Fabric 3.1', async () => {
        vi.stubEnv('LENDLEDGER_PEER_BATCHING', 'off');
        const { stub, sent, direct } = shimStub();
        batchWrites(stub);
        await stub.putState('a', Buffer.from('1'));
        await getStates(stub, ['x', 'y']);
        await flushWrites(stub);
        expect(sent).toEqual([]);
        expect(direct).toEqual(['put a', 'get x', 'get y']);
    });

    it('uses the plain calls on a stub without fabric-shim message queue', async () => {
        const { stub, sent, direct } = shimStub();
        delete (stub as unknown as { handler?: unknown }).handler;
        batchWrites(stub);
        await stub.putState('a', Buffer.from('1'));
        await getStates(stub, ['x', 'y']);
        expect(sent).toEqual([]);
        expect(direct).toEqual(['put a', 'get x', 'get y']);
    });
});
