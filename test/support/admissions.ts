import { type AdmitResult } from '@lendledger/domain';
import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { connectAs } from './fabric-client.js';
import { submitJson, TEST_PRODUCT } from './ledger-data.js';
import { orgOf } from './test-network.js';

// The suites' product and loan parties are defined beside the other test data; suites may take them from here.
export { TEST_PARTIES, TEST_PRODUCT } from './ledger-data.js';

/**
 * Records a bank's admission of a platform for products on the real network, through the bank's own peer: every
 * evidence write on a loan needs its bank to admit its platform (名单制), so a suite that writes loans admits first.
 */
export async function admitPartner(
    network: LocalNetwork,
    bankKey: Parameters<typeof orgOf>[1],
    platform: string,
    products: readonly string[] = [TEST_PRODUCT],
    validUntil = '2099-12-31T00:00:00.000Z',
): Promise<AdmitResult> {
    const connection = connectAs(orgOf(network, bankKey));
    try {
        return await submitJson<AdmitResult>(connection.contract, 'Admission:Admit', {
            platform,
            products,
            validUntil,
        });
    } finally {
        connection.close();
    }
}
