import { describe, expect, it } from 'vitest';
import { DEAL_STATUSES } from './deal.js';
import { DEAL_TRANSITIONS, issuerTargets, transitionActor } from './deal-transitions.js';

describe('deal transitions', () => {
    it('lets only the cut-off leave STRUCTURING and only triggers enter EARLY_AMORTISATION', () => {
        expect(transitionActor('STRUCTURING', 'CUT_OFF')).toBe('POOL_CUT_OFF');
        expect(transitionActor('REVOLVING', 'EARLY_AMORTISATION')).toBe('TRIGGER');
        expect(transitionActor('AMORTISING', 'EARLY_AMORTISATION')).toBe('TRIGGER');
    });

    it('has no way out of CLOSED and no way back to STRUCTURING', () => {
        expect(DEAL_TRANSITIONS.filter((rule) => rule.from === 'CLOSED' || rule.to === 'STRUCTURING')).toEqual([]);
    });

    it('refuses edges the table does not list', () => {
        expect(transitionActor('ISSUED', 'CLOSED')).toBeUndefined();
        expect(transitionActor('REVOLVING', 'CLEAN_UP')).toBeUndefined();
        expect(transitionActor('AMORTISING', 'REVOLVING')).toBeUndefined();
    });

    it('lists the issuer targets of each state', () => {
        expect(Object.fromEntries(DEAL_STATUSES.map((status) => [status, issuerTargets(status)]))).toEqual({
            STRUCTURING: [],
            CUT_OFF: ['ISSUED'],
            ISSUED: ['REVOLVING', 'AMORTISING'],
            REVOLVING: ['AMORTISING'],
            AMORTISING: ['CLEAN_UP', 'CLOSED'],
            EARLY_AMORTISATION: ['CLEAN_UP', 'CLOSED'],
            CLEAN_UP: ['CLOSED'],
            CLOSED: [],
        });
    });
});
