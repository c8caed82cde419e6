import { common } from '@hyperledger/fabric-protos';
import { describe, expect, it } from 'vitest';
import { heightOfChainInfo } from './chain-info.js';

function chainInfo(height: number): Uint8Array {
    const info = new common.BlockchainInfo();
    info.setHeight(height);
    info.setCurrentblockhash(new Uint8Array(32).fill(7));
    info.setPreviousblockhash(new Uint8Array(32).fill(9));
    return info.serializeBinary();
}

describe('heightOfChainInfo', () => {
    it.each([1, 127, 128, 300, 2 ** 40])('reads height %d from a BlockchainInfo', (height) => {
        expect(heightOfChainInfo(chainInfo(height))).toBe(BigInt(height));
    });

    it('refuses bytes without a height', () => {
        expect(() => heightOfChainInfo(new Uint8Array())).toThrow(RangeError);
    });

    it('refuses truncated bytes', () => {
        const bytes = chainInfo(300);
        expect(() => heightOfChainInfo(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    });
});
