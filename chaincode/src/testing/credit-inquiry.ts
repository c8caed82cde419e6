import { ConsentContract } from '../consent/consent-contract.js';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { USERS, type MemoryLedger } from './memory-ledger.js';
import { consentRecording, creditAuthorization, creditInquiry, type JsonObject } from './sample-requests.js';

/**
 * The steps a loan needs on the stub ledger before its bank may disburse: the platform's credit-authorization record
 * citing a consent (which binds the consent's subject to the loan) and the bank's credit inquiry logged under that
 * consent naming the loan. Every stub test that writes a disbursement through the real consent rules uses these.
 */

const evidence = new EvidenceContract();
const consents = new ConsentContract();

/** What {@link authorizeAndInquire} left on the loan: the authorization record, now the loan's head. */
export interface InquiredLoan {
    readonly authorization: string;
    readonly ticketId: string;
}

/**
 * Records the consent (unless `recorded`), registers the platform's credit authorization on the loan (its first
 * record unless `previous` names the head) and logs the bank's credit inquiry on it.
 */
export async function authorizeAndInquire(
    ledger: MemoryLedger,
    options: Readonly<{
        loanRef: string;
        consentId: string;
        subject?: string;
        previous?: string;
        recorded?: boolean;
        consent?: JsonObject;
    }>,
): Promise<InquiredLoan> {
    const { loanRef, consentId } = options;
    if (!options.recorded) {
        const subject = options.subject ?? `subj:${'5e'.repeat(32)}`;
        await ledger.invoke(
            consents,
            'Record',
            USERS.platform,
            JSON.stringify(consentRecording(consentId, subject, options.consent ?? {})),
        );
    }
    const authorization = creditAuthorization(
        loanRef,
        consentId,
        options.previous ? { previous: options.previous } : {},
    );
    await ledger.invoke(evidence, 'Register', USERS.platform, JSON.stringify(authorization));
    const { use } = await ledger.invokeJson<{ use: { ticketId: string } }>(
        consents,
        'Use',
        USERS.bank,
        JSON.stringify(creditInquiry(consentId, loanRef)),
    );
    return { authorization: authorization.fingerprint as string, ticketId: use.ticketId };
}
