import { ABS_EVENTS, canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { audienceOf } from './event-audience.js';

describe('audienceOf for ABS events', () => {
    const dealRead = {
        kind: 'object',
        check: { object: 'deal:DEAL-1', name: 'AbsDeal:GetDeal', args: [canonicalJson({ dealId: 'DEAL-1' })] },
    };

    it.each(Object.values(ABS_EVENTS))('sends %s to the readers of the deal its payload names', (name) => {
        expect(audienceOf(name, { dealId: 'DEAL-1', txId: 'tx' })).toEqual(dealRead);
    });

    it('sends an ABS event without its deal, or a name the chaincode never emits, to nobody', () => {
        expect(audienceOf(ABS_EVENTS.periodClosed, { periodNo: 1 })).toMatchObject({ kind: 'nobody' });
        expect(audienceOf('abs.pool.drained', { dealId: 'DEAL-1' })).toMatchObject({ kind: 'nobody' });
    });
});
