import { type ConsortiumPolicy } from '@lendledger/domain';
import { type MerkleWorkerPool } from '../anchors/merkle-worker-pool.js';
import { type SealedBatchStore } from '../anchors/sealed-batches.js';
import { type DevIssuerKey } from '../auth/dev-issuer.js';
import { type TokenVerifier } from '../auth/token-verifier.js';
import { type GatewayConfig } from '../config/gateway-config.js';
import { type ConcurrencyLimiter } from '../fabric/concurrency-limiter.js';
import { type LedgerHealth } from '../fabric/endorsement-fallback.js';
import { type LedgerClient } from '../fabric/ledger-client.js';
import { type LedgerHeightWatch } from '../fabric/ledger-height.js';
import { type TransactionRunner } from '../fabric/transaction-runner.js';
import { type WriteCoalescer } from '../fabric/write-coalescer.js';
import { type IdempotencyStore } from '../idempotency/idempotency-store.js';
import { type JobQueue } from '../jobs/job-queue.js';
import { type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { type NotaryIdentity } from '../notary/notary-reports.js';
import { type PeerAuthenticator } from '../peers/peer-authenticator.js';
import { type PeerIdentity } from '../peers/signed-request.js';
import { type BlockTimestamps } from '../timestamps/block-timestamps.js';
import { type TsaClient } from '../timestamps/tsa-client.js';

/**
 * Everything `buildApp` builds once and the composition root (`buildApp`, `v1Api`) wires: each route plugin and
 * service is handed only the parts it works with, so no module but those two imports this bag.
 */
export interface GatewayServices {
    readonly config: GatewayConfig;
    readonly ledger: LedgerClient;
    /** Live check of the own peer (and of the others when it cannot run the chaincode), for /readyz. */
    readonly health: () => Promise<LedgerHealth>;
    /** The highest block the own peer has committed, for requests carrying Ledger-Min-Block. */
    readonly heights: LedgerHeightWatch;
    readonly runner: TransactionRunner;
    readonly submits: ConcurrencyLimiter;
    /** Coalescers of single writes into batch transactions, by single transaction; empty when `coalesce.windowMs` is 0. */
    readonly coalescers: ReadonlyMap<string, WriteCoalescer>;
    readonly evaluates: ConcurrencyLimiter;
    readonly idempotency: IdempotencyStore;
    readonly jobs: JobQueue;
    /** Leaves of the batches this gateway sealed, for their proofs and receipts. */
    readonly sealed: SealedBatchStore;
    /** The worker threads that hash sealed batches' trees. */
    readonly merkleWorkers: MerkleWorkerPool;
    readonly metrics: GatewayMetrics;
    readonly tokens: TokenVerifier;
    readonly devIssuer?: DevIssuerKey;
    /** Present on the Notary's gateway when `notary.*` is configured: it issues signed verification reports. */
    readonly notary?: NotaryIdentity;
    /**
     * The consortium's policy: the roots bundle's when `roots.path` is set (so members beyond LendLedger's founding
     * five endorse fallbacks and witnesses, and receipts name BFT consenters by organisation), LendLedger's otherwise.
     */
    readonly consortium: ConsortiumPolicy;
    /** Checks requests signed by other members' gateways; present when `roots.path` is set. */
    readonly peerAuthenticator?: PeerAuthenticator;
    /** This gateway's identity towards other members' gateways; present when `peers.signingIdentity` is set. */
    readonly peerIdentity?: PeerIdentity;
    /** Present when `timestamping.*` is configured: the blocks' kept tokens, and the TSA that dates reports. */
    readonly timestamps?: BlockTimestamps;
    readonly tsa?: Pick<TsaClient, 'stamp'>;
    /** Waits between retries and reconnects; replaced in tests. */
    readonly sleep: (millis: number) => Promise<void>;
}
