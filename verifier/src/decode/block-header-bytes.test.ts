import { describe, expect, it } from 'vitest';
import { sha256 } from '../crypto/sha256.js';
import { fromBase64, toHex } from '../encoding/bytes.js';
import { fixtureReceipt } from '../testing/fixtures.js';
import { blockHeaderBytes } from './block-header-bytes.js';
import { decodeBlock } from './block.js';

describe('blockHeaderBytes', () => {
    it('hashes a block header to the next block’s previous hash', () => {
        const first = decodeBlock(fromBase64(fixtureReceipt('direct').block.bytes));
        const second = decodeBlock(fromBase64(fixtureReceipt('anchored').block.bytes));
        expect(second.number).toBe(first.number + 1);

        expect(toHex(sha256(blockHeaderBytes(first)))).toBe(toHex(second.previousHash));
    });

    it('encodes block 0 with an empty previous hash as Go’s encoding/asn1 does', () => {
        const bytes = blockHeaderBytes({ number: 0, previousHash: new Uint8Array(), dataHash: Uint8Array.of(0xab) });

        expect(toHex(bytes)).toBe('3008020100040004' + '01ab');
    });
});
