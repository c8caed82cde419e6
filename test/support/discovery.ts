/** How long a peer's discovery may take to show another organisation's peer running the chaincode. */
const DISCOVERY_SETTLE_MS = 20_000;

/** What a peer gateway answers while its discovery does not yet know a named organisation's peer. */
const UNSETTLED = /no peers available to evaluate|failed to find any endorsing peers for org/;

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
