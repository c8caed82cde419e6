import { readFileSync } from 'node:fs';
import { userCredentials, type PeerOrg } from '@lendledger/network/topology.ts';
import { type RootsBundle } from '@lendledger/verifier';
import { signRootsBundle } from '@lendledger/verifier/node';

/** The bundle signed by the Admin identities of `orgs`, each with its own key, as each organisation signs it. */
export function signedByAdmins(bundle: RootsBundle, orgs: readonly PeerOrg[]): RootsBundle {
    return orgs.reduce((signed, org) => {
        const { certPath, keyPath } = userCredentials(org, 'Admin');
        return signRootsBundle(signed, {
            mspId: org.mspId,
            certificatePem: readFileSync(certPath, 'utf8'),
            privateKeyPem: readFileSync(keyPath, 'utf8'),
        });
    }, bundle);
}
