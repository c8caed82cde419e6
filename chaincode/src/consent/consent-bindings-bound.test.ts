import { type ConsentView } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { MemoryLedger, USERS } from '../testing/memory-ledger.js';
import { consentRecording, creditAuthorization } from '../testing/sample-requests.js';
import { ConsentContract } from './consent-contract.js';
import { MAX_LISTED_BINDINGS } from './consent-store.js';

// The collecting platform may file any number of credit-authorization records citing one consent; a read of the
// consent lists a bounded page of them and says when there are more, so no read of it grows without bound.

const consents = new ConsentContract();
const evidence = new EvidenceContract();
const loanOf = (n: number): string => `loan:${(n + 0xb000).toString(16).padStart(64, '0')}`;

async function citedBy(records: number): Promise<ConsentView> {
    const ledger = new MemoryLedger();
    const consentId = 'consent-cited-often';
    await ledger.invoke(
        consents,
        'Record',
        USERS.platform,
        JSON.stringify(consentRecording(consentId, `subj:${'3c'.repeat(32)}`)),
    );
    const items = Array.from({ length: records }, (_, n) => creditAuthorization(loanOf(n), consentId));
    await ledger.invoke(evidence, 'RegisterBatch', USERS.platform, JSON.stringify({ items }));
    return ledger.invokeJson<ConsentView>(consents, 'Get', USERS.bank, JSON.stringify({ consentId }));
}

describe('a consent cited by many authorization records', () => {
    it(`lists all of them up to ${MAX_LISTED_BINDINGS}`, async () => {
        const view = await citedBy(MAX_LISTED_BINDINGS);
        expect(view.bindings).toHaveLength(MAX_LISTED_BINDINGS);
        expect(view.bindingsTruncated).toBe(false);
    });

    it(`lists the first ${MAX_LISTED_BINDINGS} of more and says there are more`, async () => {
        const view = await citedBy(MAX_LISTED_BINDINGS + 1);
        expect(view.bindings).toHaveLength(MAX_LISTED_BINDINGS);
        expect(view.bindingsTruncated).toBe(true);
        expect(new Set(view.bindings.map((binding) => binding.loanRef)).size).toBe(MAX_LISTED_BINDINGS);
    });
});
