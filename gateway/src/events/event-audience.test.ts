import { ABS_EVENTS, canonicalJson, CONSENT_EVENTS } from '@lendledger/domain';
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

describe('audienceOf for consent events', () => {
    const consentRead = (consentId: string) => ({
        object: `consent:${consentId}`,
        name: 'Consent:Get',
        args: [canonicalJson({ consentId })],
    });

    it.each(Object.values(CONSENT_EVENTS))('sends a single %s to the readers of its consent', (name) => {
        expect(audienceOf(name, { consentId: 'C-1', txId: 'tx' })).toEqual({
            kind: 'object',
            check: consentRead('C-1'),
        });
    });

    it.each([CONSENT_EVENTS.recorded, CONSENT_EVENTS.used])(
        'sends each item of a batch %s to the readers of that item’s consent',
        (name) => {
            const items = [{ consentId: 'C-1' }, { consentId: 'C-2', ticketId: 'ticket:t:1' }];
            const audience = audienceOf(name, { items, txId: 'tx' });
            expect(audience).toMatchObject({ kind: 'items', items });
            expect(
                audience.kind === 'items' && audience.checks.map((check) => ({ ...check, args: check.args })),
            ).toEqual([consentRead('C-1'), consentRead('C-2')]);
        },
    );

    it('sends a batch with an item that names no consent to nobody', () => {
        const payload = { items: [{ consentId: 'C-1' }, { ticketId: 'ticket:t:1' }], txId: 'tx' };
        expect(audienceOf(CONSENT_EVENTS.used, payload)).toMatchObject({ kind: 'nobody' });
    });
});
