import { describe, expect, it } from 'vitest';
import { FabricDecodeError } from './decode-error.js';
import { WireMessage } from './wire.js';

describe('WireMessage', () => {
    it('reads varints, 64-bit values and length-delimited fields without copying', () => {
        // field 1 varint 300, field 2 bytes "hi", field 3 varint -1 (ten bytes), field 4 bytes twice (repeated).
        const bytes = Uint8Array.of(
            0x08,
            0xac,
            0x02,
            0x12,
            0x02,
            0x68,
            0x69,
            0x18,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0xff,
            0x01,
            0x22,
            0x01,
            0x61,
            0x22,
            0x00,
        );
        const message = WireMessage.decode('test.Message', bytes);

        expect(message.safeInteger(1)).toBe(300);
        expect(message.string(2)).toBe('hi');
        expect(message.integer(3)).toBe(-1n);
        expect(message.repeatedBytes(4).map((b) => b.length)).toEqual([1, 0]);
        expect(message.bytes(2).buffer).toBe(bytes.buffer);
        expect(message.bytes(9)).toEqual(new Uint8Array());
        expect(message.safeInteger(9)).toBe(0);
    });

    it('refuses a singular field that appears twice, which Fabric never writes', () => {
        const message = WireMessage.decode('test.Message', Uint8Array.of(0x12, 0x00, 0x12, 0x00));

        expect(() => message.bytes(2)).toThrow('test.Message: singular field 2 appears 2 times');
    });

    it('throws FabricDecodeError for truncated fields, groups and wrong wire types', () => {
        expect(() => WireMessage.decode('t', Uint8Array.of(0x12, 0x05, 0x00))).toThrow(FabricDecodeError);
        expect(() => WireMessage.decode('t', Uint8Array.of(0x08, 0x80))).toThrow(/truncated varint/);
        expect(() => WireMessage.decode('t', Uint8Array.of(0x0b))).toThrow(/wire type 3/);
        expect(() => WireMessage.decode('t', Uint8Array.of(0x08, 0x01)).bytes(1)).toThrow(/not length-delimited/);
    });
});
