import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromJournal, toJournal } from './journaled-transaction.js';

describe('journaled transaction', () => {
    it('reads back, through JSON, the same transaction ID, answer and envelope it journaled', () => {
        fc.assert(
            fc.property(
                fc.string(),
                fc.uint8Array(),
                fc.option(fc.uint8Array(), { nil: undefined }),
                (transactionId, result, envelope) => {
                    const line = JSON.stringify(toJournal({ transactionId, result, envelope }));
                    const back = fromJournal(JSON.parse(line));
                    expect(back.transactionId).toBe(transactionId);
                    expect([...back.result]).toEqual([...result]);
                    expect(back.envelope && [...back.envelope]).toEqual(envelope && [...envelope]);
                },
            ),
        );
    });

    it('reads an entry journaled before envelopes were kept as one without an envelope', () => {
        const back = fromJournal({ transactionId: 'tx-1', result: Buffer.from('{"ok":true}').toString('base64') });
        expect(back).toEqual({ transactionId: 'tx-1', result: Buffer.from('{"ok":true}'), envelope: undefined });
    });
});
