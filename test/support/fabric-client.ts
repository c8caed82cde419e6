import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { newOpenSslSigner } from '@lendledger/gateway';
import { createPrivateKey } from 'node:crypto';
import { CHAINCODE, CHANNEL, userCredentials, type PeerOrg } from '@lendledger/network/topology.ts';

/** A gateway connection to one organisation's peer as one of its users. */
export interface OrgConnection {
    readonly gateway: Gateway;
    readonly contract: Contract;
    readonly client: grpc.Client;
    close(): void;
}

/**
 * Connects to the organisation's own peer as `user` (User1..User3 or Admin) through the Fabric Gateway service,
 * with deadlines on every call.
 */
export function connectAs(org: PeerOrg, user = 'User1'): OrgConnection {
    const credentials = userCredentials(org, user);
    const client = new grpc.Client(
        `127.0.0.1:${org.peerPort}`,
        grpc.credentials.createSsl(readFileSync(org.tlsCaCert)),
        // The peer's certificate names localhost too; TLS server names must be host names, not IP addresses.
        { 'grpc.ssl_target_name_override': 'localhost' },
    );
    const gateway = connect({
        client,
        identity: { mspId: org.mspId, credentials: readFileSync(credentials.certPath) },
        // The same OpenSSL signer as the REST gateway, so the bare-client benchmark compares like with like.
        signer: newOpenSslSigner(createPrivateKey(readFileSync(credentials.keyPath))),
        hash: hash.none,
        evaluateOptions: () => ({ deadline: Date.now() + 15_000 }),
        endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
        submitOptions: () => ({ deadline: Date.now() + 15_000 }),
        commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
    });
    const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE);
    return {
        gateway,
        contract,
        client,
        close: () => {
            gateway.close();
            client.close();
        },
    };
}

/** Decodes a transaction result as UTF-8 JSON. */
export function json<T = unknown>(bytes: Uint8Array): T {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/**
 * Endorses once, then submits the same signed transaction until the ordering service accepts it. Safe to repeat:
 * the transaction ID does not change, so it can commit at most once. Needed while Raft elects a new leader, when
 * the orderers answer UNAVAILABLE for a few seconds.
 */
export async function submitThroughOrdererOutage(
    contract: Contract,
    name: string,
    args: readonly string[],
    // A BFT view change after a leader's death takes up to about 20 s on this network's settings.
    timeoutMillis = 60_000,
): Promise<{ result: Uint8Array; transactionId: string; attempts: number }> {
    const transaction = await contract.newProposal(name, { arguments: [...args] }).endorse();
    const deadline = Date.now() + timeoutMillis;
    for (let attempts = 1; ; attempts++) {
        try {
            const commit = await transaction.submit();
            const status = await commit.getStatus();
            if (!status.successful) {
                throw new Error(`transaction ${status.transactionId} failed validation with code ${status.code}`);
            }
            return { result: transaction.getResult(), transactionId: transaction.getTransactionId(), attempts };
        } catch (error) {
            const unavailable = (error as { code?: number }).code === grpc.status.UNAVAILABLE;
            if (!unavailable || Date.now() > deadline) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }
}
