import * as grpc from '@grpc/grpc-js';
import {
    StatusCode,
    connect,
    hash,
    type ChaincodeEvent,
    type CloseableAsyncIterable,
    type Contract,
    type Gateway,
    type ProposalOptions,
    type Transaction,
} from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import { type FabricIdentityMaterial, type FabricMaterials } from '../config/fabric-materials.js';
import { type GatewayConfig } from '../config/gateway-config.js';
import { heightOfChainInfo } from './chain-info.js';
import { classifyFabricError, type EndorsementContext } from './classify-fabric-error.js';
import { newOpenSslSigner, type MessageSigner } from './openssl-signer.js';
import {
    type CloseableEventStream,
    type CommitOutcome,
    type EndorsedTransaction,
    type EventStreamRequest,
    type LedgerClient,
    type LedgerEvent,
    type TransactionCall,
} from './ledger-client.js';
import {
    ChaincodeRejectedError,
    EndorsersDisagreeError,
    LedgerDeadlineError,
    LedgerFailedError,
    LedgerUnavailableError,
    type LedgerStep,
} from './ledger-errors.js';
import { PeerSilence } from './peer-silence.js';

/** What {@link connectLedger} needs: the organisation's settings and its read, checked key material. */
export interface FabricConnectionOptions {
    readonly config: GatewayConfig;
    readonly materials: FabricMaterials;
    /** Told when a silent connection to the peer was replaced by a new one (see `peer.staleAfterMs`). */
    readonly onReconnect?: () => void;
}

/** Calls that must have timed out, besides `peer.staleAfterMs` of silence, before the connection is replaced. */
const SILENT_CALLS = 3;

const STATUS_NAMES: ReadonlyMap<number, string> = new Map(
    Object.entries(StatusCode).map(([name, code]) => [code as number, name]),
);

/**
 * Opens one gRPC connection to the organisation's gateway peer, shared by one Gateway per user identity (created
 * on first use), with a deadline on every unary call. Nothing is sent until the first call.
 *
 * @example const ledger = connectLedger({ config, materials: readFabricMaterials(config) });
 */
export function connectLedger(options: Readonly<FabricConnectionOptions>): LedgerClient {
    return new FabricLedgerClient(options);
}

class FabricLedgerClient implements LedgerClient {
    readonly #config: GatewayConfig;
    readonly #materials: FabricMaterials;
    readonly #onReconnect: (() => void) | undefined;
    readonly #silence: PeerSilence;
    #client: grpc.Client;
    readonly #gateways = new Map<string, Gateway>();
    readonly #signers = new Map<string, MessageSigner>();
    /** Each identity's serialised creator, as commit-status requests name it; it never changes while we run. */
    readonly #creators = new Map<string, Uint8Array>();
    readonly #defaultIdentity: string;

    constructor(options: Readonly<FabricConnectionOptions>) {
        this.#config = options.config;
        this.#materials = options.materials;
        this.#onReconnect = options.onReconnect;
        this.#silence = new PeerSilence({ staleAfterMs: options.config.peer.staleAfterMs, minTimeouts: SILENT_CALLS });
        this.#client = newGrpcClient(options.config, options.materials.peerTlsRootCert);
        this.#defaultIdentity = [...options.materials.identities.keys()][0] ?? '';
    }

    evaluate(call: TransactionCall): Promise<Uint8Array> {
        return this.#watched('evaluate', undefined, () =>
            this.#contract(call.identity).evaluate(call.name, proposalOptions(call)),
        );
    }

    async endorse(call: TransactionCall, timeoutMs = Number.POSITIVE_INFINITY): Promise<EndorsedTransaction> {
        const proposal = this.#contract(call.identity).newProposal(call.name, proposalOptions(call));
        const transactionId = proposal.getTransactionId();
        const millis = Math.min(this.#config.timeouts.endorseMs, timeoutMs);
        const transaction: Transaction = await this.#watched(
            'endorse',
            transactionId,
            () => proposal.endorse({ deadline: Date.now() + Math.max(1, millis) }),
            { ownMspId: this.#config.mspId, endorsingOrganizations: call.endorsingOrganizations },
        );
        // Signed now rather than inside submit, so that the envelope journaled is the one the orderer gets.
        const signature = await this.#signer(call.identity)(transaction.getDigest());
        const signed = this.#gateway(call.identity).newSignedTransaction(transaction.getBytes(), signature);
        return this.#submittable(call.identity, signed);
    }

    restoreTransaction(identity: string, envelope: Uint8Array): EndorsedTransaction {
        return this.#submittable(identity, this.#gateway(identity).newTransaction(envelope));
    }

    async commitStatus(identity: string, transactionId: string, timeoutMs: number): Promise<CommitOutcome> {
        const status = await this.#watched('commitStatus', transactionId, () =>
            this.#gateway(identity)
                .newCommit(this.#commitStatusRequest(identity, transactionId))
                .getStatus({ deadline: Date.now() + timeoutMs }),
        );
        return {
            transactionId,
            blockNumber: status.blockNumber,
            code: status.code,
            codeName: STATUS_NAMES.get(status.code) ?? `CODE_${status.code}`,
            successful: status.successful,
        };
    }

    blockByTransactionId(identity: string, transactionId: string): Promise<Uint8Array> {
        return this.#watched('evaluate', transactionId, () =>
            this.#gateway(identity)
                .getNetwork(this.#config.channel)
                .getContract('qscc')
                .evaluateTransaction('GetBlockByTxID', this.#config.channel, transactionId),
        );
    }

    async chaincodeEvents(request: EventStreamRequest): Promise<CloseableEventStream> {
        await this.#waitForReady();
        const network = this.#gateway(request.identity).getNetwork(this.#config.channel);
        try {
            const events = await network.getChaincodeEvents(this.#config.chaincode, {
                startBlock: request.startBlock,
            });
            return eventStream(events);
        } catch (error) {
            throw classifyFabricError(error, 'events');
        }
    }

    async chainHeight(): Promise<bigint> {
        const info = await this.#watched('evaluate', undefined, () =>
            this.#gateway(this.#defaultIdentity)
                .getNetwork(this.#config.channel)
                .getContract('qscc')
                .evaluateTransaction('GetChainInfo', this.#config.channel),
        );
        return heightOfChainInfo(info);
    }

    async ping(organizations?: readonly string[]): Promise<void> {
        try {
            await this.evaluate({
                identity: this.#defaultIdentity,
                name: 'Probe:Get',
                args: ['readyz'],
                endorsingOrganizations: organizations,
            });
        } catch (error) {
            // A coded refusal (NOT_FOUND) proves that the peer ran the chaincode, which is all readiness asks.
            if (!(error instanceof ChaincodeRejectedError)) {
                throw error;
            }
        }
    }

    close(): void {
        for (const gateway of this.#gateways.values()) {
            gateway.close();
        }
        this.#gateways.clear();
        this.#client.close();
    }

    /**
     * Runs one call to the peer and classifies its failure. A call the peer answered (a result, or a refusal of its
     * own) shows the connection works; one that ran into its deadline counts towards replacing a connection that
     * has gone silent ({@link PeerSilence}).
     */
    async #watched<T>(
        step: LedgerStep,
        transactionId: string | undefined,
        call: () => Promise<T>,
        context?: EndorsementContext,
    ): Promise<T> {
        let result: T;
        try {
            result = await call();
        } catch (error) {
            const classified = classifyFabricError(error, step, transactionId, context);
            if (
                classified instanceof ChaincodeRejectedError ||
                classified instanceof EndorsersDisagreeError ||
                classified instanceof LedgerFailedError
            ) {
                this.#silence.answered();
            } else if (classified instanceof LedgerDeadlineError && this.#silence.timedOut()) {
                this.#reconnect();
            }
            throw classified;
        }
        this.#silence.answered();
        return result;
    }

    /**
     * Replaces a silent connection: new calls go over a fresh one (gRPC does not open one while the old one looks
     * open), and the old one is closed.
     */
    #reconnect(): void {
        const stale = this.#client;
        for (const gateway of this.#gateways.values()) {
            gateway.close();
        }
        this.#gateways.clear();
        this.#client = newGrpcClient(this.#config, this.#materials.peerTlsRootCert);
        stale.close();
        this.#onReconnect?.();
    }

    /**
     * The seam's view of a signed transaction; submitting it again sends the same envelope, over whatever connection
     * is current then (a silent one may have been replaced since it was endorsed).
     */
    #submittable(identity: string, transaction: Transaction): EndorsedTransaction {
        const transactionId = transaction.getTransactionId();
        const envelope = transaction.getBytes();
        return {
            transactionId,
            result: transaction.getResult(),
            envelope,
            submit: (timeoutMs) =>
                this.#watched('submit', transactionId, () =>
                    this.#gateway(identity)
                        .newTransaction(envelope)
                        .submit({ deadline: Date.now() + timeoutMs }),
                ).then(() => undefined),
        };
    }

    #contract(identity: string): Contract {
        return this.#gateway(identity).getNetwork(this.#config.channel).getContract(this.#config.chaincode);
    }

    /**
     * An unsigned commit-status request for any transaction this identity submitted, built as fabric-gateway builds
     * the one it returns from a submit (the gateway signs it when the status is asked). Building it from the ID
     * alone lets a later process ask about a journaled transaction without sending it again.
     */
    #commitStatusRequest(identity: string, transactionId: string): Uint8Array {
        const request = new gatewayProtos.CommitStatusRequest();
        request.setChannelId(this.#config.channel);
        request.setTransactionId(transactionId);
        request.setIdentity(this.#creator(identity));
        const signed = new gatewayProtos.SignedCommitStatusRequest();
        signed.setRequest(request.serializeBinary());
        return signed.serializeBinary();
    }

    #creator(identity: string): Uint8Array {
        let creator = this.#creators.get(identity);
        if (!creator) {
            const serialized = new msp.SerializedIdentity();
            serialized.setMspid(this.#config.mspId);
            serialized.setIdBytes(this.#material(identity).certificate);
            creator = serialized.serializeBinary();
            this.#creators.set(identity, creator);
        }
        return creator;
    }

    #signer(identity: string): MessageSigner {
        let signer = this.#signers.get(identity);
        if (!signer) {
            signer = newOpenSslSigner(this.#material(identity).privateKey);
            this.#signers.set(identity, signer);
        }
        return signer;
    }

    #material(identity: string): FabricIdentityMaterial {
        const material = this.#materials.identities.get(identity);
        if (!material) {
            throw new LedgerFailedError(`no Fabric identity for subject ${identity}`, {
                step: 'endorse',
                peerMessages: [],
            });
        }
        return material;
    }

    #gateway(identity: string): Gateway {
        const existing = this.#gateways.get(identity);
        if (existing) {
            return existing;
        }
        const material = this.#materials.identities.get(identity);
        if (!material) {
            throw new LedgerFailedError(`no Fabric identity for subject ${identity}`, {
                step: 'endorse',
                peerMessages: [],
            });
        }
        const gateway = newGateway(this.#client, this.#config, material);
        this.#gateways.set(identity, gateway);
        return gateway;
    }

    async #waitForReady(): Promise<void> {
        const deadline = Date.now() + this.#config.timeouts.eventsMs;
        await new Promise<void>((resolve, reject) => {
            this.#client.waitForReady(deadline, (error) => {
                if (error) {
                    reject(new LedgerUnavailableError(`peer not reachable: ${error.message}`, { step: 'events' }));
                } else {
                    resolve();
                }
            });
        });
    }
}

/** First wait before reconnecting to a peer that went away; grpc-js starts at 1 s and grows to 120 s. */
const INITIAL_RECONNECT_BACKOFF_MS = 250;

function newGrpcClient(config: GatewayConfig, tlsRootCert: Buffer): grpc.Client {
    const options: grpc.ChannelOptions = {
        // grpc-js backs off up to 120 s between reconnects, so a gateway stayed unready ~95 s after its peer came
        // back; capped, it reconnects within seconds. One local peer makes the extra connection attempts cheap.
        'grpc.initial_reconnect_backoff_ms': Math.min(INITIAL_RECONNECT_BACKOFF_MS, config.peer.reconnectMaxMs),
        'grpc.max_reconnect_backoff_ms': config.peer.reconnectMaxMs,
        'grpc.keepalive_time_ms': config.peer.keepaliveMs,
        'grpc.keepalive_timeout_ms': 20_000,
        'grpc.keepalive_permit_without_calls': 1,
        'grpc.max_receive_message_length': 100 * 1024 * 1024,
        'grpc.max_send_message_length': 100 * 1024 * 1024,
    };
    if (config.peer.hostAlias !== '') {
        options['grpc.ssl_target_name_override'] = config.peer.hostAlias;
    }
    return new grpc.Client(config.peer.endpoint, grpc.credentials.createSsl(tlsRootCert), options);
}

function newGateway(client: grpc.Client, config: GatewayConfig, material: FabricIdentityMaterial): Gateway {
    const { evaluateMs, endorseMs, submitMs, commitStatusMs } = config.timeouts;
    const deadline = (millis: number) => (): grpc.CallOptions => ({ deadline: Date.now() + millis });
    return connect({
        client,
        identity: { mspId: config.mspId, credentials: material.certificate },
        // OpenSSL signs in microseconds where fabric-gateway's JavaScript ECDSA takes milliseconds; it hashes itself.
        signer: newOpenSslSigner(material.privateKey),
        hash: hash.none,
        evaluateOptions: deadline(evaluateMs),
        endorseOptions: deadline(endorseMs),
        submitOptions: deadline(submitMs),
        commitStatusOptions: deadline(commitStatusMs),
        // Event streams are long-lived: a deadline would end them. Opening one waits for the channel instead.
    });
}

function proposalOptions(call: TransactionCall): ProposalOptions {
    return {
        arguments: [...call.args],
        transientData: call.transient ? { ...call.transient } : undefined,
        endorsingOrganizations: call.endorsingOrganizations ? [...call.endorsingOrganizations] : undefined,
    };
}

function eventStream(events: CloseableAsyncIterable<ChaincodeEvent>): CloseableEventStream {
    return {
        close: () => events.close(),
        async *[Symbol.asyncIterator](): AsyncGenerator<LedgerEvent> {
            try {
                for await (const event of events) {
                    yield {
                        blockNumber: event.blockNumber,
                        transactionId: event.transactionId,
                        eventName: event.eventName,
                        payload: event.payload,
                    };
                }
            } catch (error) {
                throw classifyFabricError(error, 'events' satisfies LedgerStep);
            }
        },
    };
}
