import { ok, type GatewayClient } from '../../test/support/gateway-client.ts';
import { identityVerification, saltedFingerprint } from '../../test/support/ledger-data.ts';

interface Written {
    readonly result: { readonly record: { readonly id: string } };
}

/**
 * Writes one loan's evidence chain through REST, record after record: the platform's identity verification, then
 * bank statements from the bank, each naming the previous head. Returns the records' fingerprints in chain order.
 */
export async function writeLoanChain(
    platform: GatewayClient,
    bank: GatewayClient,
    loanRef: string,
    records: number,
): Promise<string[]> {
    const fingerprints: string[] = [];
    let head = ok(await platform.post<Written>('/v1/evidence', identityVerification(loanRef))).result.record.id;
    fingerprints.push(head);
    while (fingerprints.length < records) {
        const body = {
            fingerprint: saltedFingerprint(`${loanRef} bank statement ${fingerprints.length}`),
            salted: true,
            evidenceType: 'BANK_STATEMENT',
            stage: 'OTHER',
            loanRef,
            previous: head,
        };
        head = ok(await bank.post<Written>('/v1/evidence', body)).result.record.id;
        fingerprints.push(head);
    }
    return fingerprints;
}
