import { setTimeout as sleep } from 'node:timers/promises';
import { type Topology } from '@lendledger/network/topology.ts';
import { connectAs } from '../../../test/support/fabric-client.ts';
import { submitJson, TEST_PRODUCT } from '../../../test/support/ledger-data.ts';

/**
 * The benchmarks write loans of the platform funded by the bank under the test product, which the bank must admit
 * (名单制). The dev topology declares that admission, so its first `up` records it; an instance whose topology does
 * not (the integration instance, whose global set-up admits it instead) gets it here, before any benchmark runs.
 * Admitting again is a renewal, never an error, so a second run on the same network is harmless.
 *
 * @returns whether an admission was recorded.
 */
export async function ensureBenchAdmission(topology: Topology): Promise<boolean> {
    const declared = topology.foundingAdmissions.some(
        (a) => a.bank === 'BankMSP' && a.platform === 'PlatformMSP' && a.products.includes(TEST_PRODUCT),
    );
    if (declared) {
        return false;
    }
    // As test/support/admissions.ts's admitPartner does (which Node cannot load: it imports with .js suffixes).
    const bank = topology.orgs.find((org) => org.mspId === 'BankMSP');
    if (bank === undefined) {
        throw new Error(`the ${topology.instance} topology has no BankMSP to admit the benchmarks' platform`);
    }
    const connection = connectAs(bank);
    try {
        await submitJson(connection.contract, 'Admission:Admit', {
            platform: 'PlatformMSP',
            products: [TEST_PRODUCT],
            validUntil: '2099-12-31T00:00:00.000Z',
        });
    } finally {
        connection.close();
    }
    // Committed at the bank's peer; give the other peers a moment to commit the block too before the first write.
    await sleep(3_000);
    return true;
}
