import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { connectAs } from './fabric-client.ts';

/** How long a peer's discovery may take to show another organisation's peer running the chaincode. */
const DISCOVERY_SETTLE_MS = 20_000;

/** What a peer gateway answers while its discovery does not yet know a named organisation's peer. */
export const UNSETTLED = /no peers available to evaluate|failed to find any endorsing peers for org/;

/**
 * Runs a call that names the organisations to evaluate or endorse on. Right after the network starts, or after a
 * suite restarted a peer, the caller's peer may not yet have learned through gossip that the named organisation's
 * peer runs the chaincode, and the gateway refuses the call as unavailable; that, and only that, is retried until
 * discovery settles (bounded). Every other answer, a chaincode refusal included, is returned or thrown as is.
 */
export async function onceDiscovered<T>(call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + DISCOVERY_SETTLE_MS;
    for (;;) {
        try {
            return await call();
        } catch (error) {
            if (!UNSETTLED.test(String((error as Error).message)) || Date.now() > deadline) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }
}

/**
 * Brings every node of the network up again, then waits until each member's peer finds every other member's peer
 * through discovery: a suite that killed a peer leaves a network whose processes all run while some peers' gossip
 * still misses the restarted one, and a later write that names that organisation's endorsement (an investor's on a
 * deal's rows) would be refused as unavailable. Bounded by {@link onceDiscovered} per pair.
 */
export async function networkWhole(network: LocalNetwork): Promise<void> {
    await network.up();
    const { orgs } = network.topology;
    await Promise.all(
        orgs.map(async (from) => {
            const connection = connectAs(from);
            try {
                for (const to of orgs) {
                    // An endorsement, never submitted: it needs what a write needs, the peer's discovery knowing that
                    // the other organisation's peer runs the chaincode (an evaluation can be satisfied sooner).
                    await onceDiscovered(() =>
                        connection.contract
                            .newProposal('Probe:Get', {
                                arguments: ['discovery-settled'],
                                endorsingOrganizations: [to.mspId],
                            })
                            .endorse()
                            // Any answer from the chaincode (a missing probe included) means the peer was found.
                            .catch((error: Error) => {
                                if (UNSETTLED.test(String(error.message))) {
                                    throw error;
                                }
                                return undefined;
                            }),
                    );
                }
            } finally {
                connection.close();
            }
        }),
    );
}
