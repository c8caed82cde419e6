import { type AnchorInclusionProof, type ConsortiumPolicy } from '@lendledger/domain';
import {
    buildReceipt,
    ReceiptBuildError,
    withWitness,
    type AnchorProofInput,
    type Receipt,
    type WitnessedReceipt,
} from '@lendledger/verifier';
import { type SealedBatchStore } from '../anchors/sealed-batches.js';
import { evaluateJson, type LedgerReads } from '../fabric/evaluate-json.js';
import { ChaincodeRejectedError } from '../fabric/ledger-errors.js';
import { ProblemError } from '../errors/problem-error.js';
import { type ValidityWitnesses } from './validity-witnesses.js';
import { type BlockTimestamps } from '../timestamps/block-timestamps.js';
import { timestampProblem } from '../timestamps/timestamp-problem.js';

/** Codes the chaincode answers when a fingerprint is not registered as a record of its own. */
const NOT_A_RECORD = new Set(['EVIDENCE_NOT_FOUND', 'NOT_FOUND']);

/** Codes the chaincode answers when a fingerprint is in no anchor whose leaves are on the ledger. */
const NOT_ANCHORED = new Set(['FINGERPRINT_NOT_ANCHORED', 'NOT_FOUND']);

/** An inclusion proof and the transaction that wrote its root. */
type AnchorProofWithTx = AnchorProofInput & { readonly txId: string };

/** How a fingerprint reached the ledger: its own evidence record, or a leaf of an anchored batch. */
export type ReceiptKind = 'evidence' | 'anchor';

/**
 * Blocks fetched so far, by transaction ID. Receipts that share one (fingerprints of one anchor) fetch it once when
 * their caller passes the same map; the caller bounds its life (one notary report).
 */
export type FetchedBlocks = Map<string, Promise<Uint8Array>>;

/** What {@link ReceiptService} reads from: the ledger, the batches this gateway sealed, and the chaincode's name. */
export interface ReceiptSources {
    readonly reads: LedgerReads;
    readonly sealed: Pick<SealedBatchStore, 'proofOf'>;
    /** Endorsed reads that prove each receipt's write committed valid. */
    readonly witnesses: Pick<ValidityWitnesses, 'witness'>;
    /** Fetches a batch another member sealed into `sealed`, when this gateway may ask the sealer for it. */
    readonly fetcher?: { ensure(identity: string, root: string): Promise<void> };
    /** The chaincode whose transactions a receipt names. */
    readonly chaincode: string;
    /**
     * The consortium's policy, when the gateway has the roots bundle: BFT consenters sign a block by number, and only
     * the bundle's consenter set lets the summary name them by certificate and organisation ("consenter #n" without).
     */
    readonly policy?: ConsortiumPolicy;
    /** The blocks' time-stamp tokens; receipts carry none without it. */
    readonly timestamps?: Pick<BlockTimestamps, 'tokenFor'>;
    /** Retry-After of a receipt refused while the TSA gives no token. */
    readonly retryAfterSeconds?: number;
}

/** How {@link ReceiptService.forFingerprint} looks; the public, anonymous look-up narrows both. */
export interface LookupOptions {
    /**
     * Whether a sealed batch this gateway does not hold may be fetched from its sealer (default true). The public
     * look-up passes false: an anonymous request must not make this gateway sign calls to another member and
     * adopt up to `limits.maxSealedBatch` leaves charged to no one.
     */
    readonly fetch?: boolean;
    /**
     * Whether every refusal of a fingerprint takes the same ledger reads (default false). With it, a record the
     * identity may not read is answered only after the anchor look-up an absent fingerprint takes too, so the
     * time of the answer does not tell "forbidden" from "absent".
     */
    readonly evenRefusals?: boolean;
}

/**
 * Assembles receipts: finds the transaction that wrote a fingerprint (its evidence record, or the anchor whose
 * Merkle tree holds it), fetches that transaction's block from the organisation's peer (qscc GetBlockByTxID),
 * and packs block, transaction and inclusion proof into a receipt anyone can check offline with the verifier.
 * Nothing is trusted here: the verifier re-checks every signature and hash.
 */
export class ReceiptService {
    readonly #reads: LedgerReads;
    readonly #sealed: ReceiptSources['sealed'];
    readonly #witnesses: ReceiptSources['witnesses'];
    readonly #fetcher: ReceiptSources['fetcher'];
    readonly #chaincode: string;
    readonly #policy: ConsortiumPolicy | undefined;
    readonly #timestamps: ReceiptSources['timestamps'];
    readonly #retryAfterSeconds: number;

    constructor(sources: Readonly<ReceiptSources>) {
        this.#reads = sources.reads;
        this.#sealed = sources.sealed;
        this.#witnesses = sources.witnesses;
        this.#fetcher = sources.fetcher;
        this.#chaincode = sources.chaincode;
        this.#policy = sources.policy;
        this.#timestamps = sources.timestamps;
        this.#retryAfterSeconds = sources.retryAfterSeconds ?? 30;
    }

    /**
     * The receipt of the fingerprint's own evidence record, or else of the earliest anchor holding it.
     *
     * @param blocks - blocks already fetched, shared with other calls; the block fetched here is added to it.
     * @param sealedBatch - the root of a sealed batch holding the fingerprint, fetched from its sealer when this
     *   gateway holds no copy; without it only batches held here are searched.
     * @param options - the public look-up's narrowing: no fetching, even refusals.
     * @throws the chaincode's 404 problem when the fingerprint is neither registered nor anchored.
     */
    async forFingerprint(
        identity: string,
        fingerprint: string,
        kind?: ReceiptKind,
        blocks?: FetchedBlocks,
        sealedBatch?: string,
        options: LookupOptions = {},
    ): Promise<WitnessedReceipt> {
        if (sealedBatch !== undefined) {
            return this.#sealedIn(identity, fingerprint, sealedBatch, blocks, options.fetch ?? true);
        }
        if (kind === 'anchor') {
            return this.#anchored(identity, fingerprint, blocks);
        }
        try {
            return await this.#registered(identity, fingerprint, blocks);
        } catch (error) {
            const notARecord = error instanceof ChaincodeRejectedError && NOT_A_RECORD.has(error.code);
            if (kind === 'evidence' || !notARecord) {
                if (options.evenRefusals && kind === undefined && error instanceof ChaincodeRejectedError) {
                    await this.#anchorLookUp(identity, fingerprint);
                }
                throw error;
            }
            return this.#anchored(identity, fingerprint, blocks);
        }
    }

    async #registered(identity: string, fingerprint: string, blocks?: FetchedBlocks): Promise<WitnessedReceipt> {
        const view = await evaluateJson<{ record: { txId: string } }>(this.#reads, identity, 'Evidence:Get', {
            id: fingerprint,
        });
        return this.#build(identity, view.record.txId, fingerprint, blocks);
    }

    /** The anchor holding the fingerprint on the ledger, or else a batch this gateway sealed. */
    async #anchored(identity: string, fingerprint: string, blocks?: FetchedBlocks): Promise<WitnessedReceipt> {
        let proof: AnchorProofWithTx;
        try {
            proof = await evaluateJson<AnchorInclusionProof>(this.#reads, identity, 'Anchor:GetProof', {
                fingerprint,
            });
        } catch (error) {
            if (!(error instanceof ChaincodeRejectedError && NOT_ANCHORED.has(error.code))) {
                throw error;
            }
            const sealed = await this.#sealed.proofOf(fingerprint);
            if (!sealed) {
                throw error;
            }
            proof = sealed;
        }
        return this.#build(identity, proof.txId, fingerprint, blocks, proof);
    }

    /**
     * The reads {@link #anchored} makes before it builds, with their outcome dropped: what a refused record costs
     * on top of its own read when refusals must take as long as absences.
     */
    async #anchorLookUp(identity: string, fingerprint: string): Promise<void> {
        try {
            await evaluateJson<AnchorInclusionProof>(this.#reads, identity, 'Anchor:GetProof', { fingerprint });
        } catch (error) {
            if (error instanceof ChaincodeRejectedError && NOT_ANCHORED.has(error.code)) {
                await this.#sealed.proofOf(fingerprint);
            }
        }
    }

    /**
     * Makes sure this gateway holds the sealed batch `root`, fetching it from its sealer when it may.
     *
     * @throws the fetcher's problems (SEALER_UNREACHABLE, SEALER_LEAVES_REFUSED, the chaincode's ANCHOR_NOT_FOUND).
     */
    async holdSealedBatch(identity: string, root: string): Promise<void> {
        await this.#fetcher?.ensure(identity, root);
    }

    /** The fingerprint's receipt in the sealed batch `root`, fetched from its sealer first if need be and `fetch`. */
    async #sealedIn(
        identity: string,
        fingerprint: string,
        root: string,
        blocks: FetchedBlocks | undefined,
        fetch: boolean,
    ): Promise<WitnessedReceipt> {
        if (fetch) {
            await this.#fetcher?.ensure(identity, root);
        }
        const proof = await this.#sealed.proofOf(fingerprint, root);
        if (!proof) {
            throw new ProblemError('SEALED_PROOF_NOT_FOUND', `${fingerprint} is not a leaf of sealed batch ${root}`, {
                fields: { fingerprint, root },
            });
        }
        return this.#build(identity, proof.txId, fingerprint, blocks, proof);
    }

    async #build(
        identity: string,
        txId: string,
        fingerprint: string,
        blocks: FetchedBlocks | undefined,
        anchor?: AnchorProofWithTx,
    ): Promise<WitnessedReceipt> {
        const block = await this.#blockOf(identity, txId, blocks);
        let receipt: Receipt;
        try {
            receipt = buildReceipt({
                block,
                txId,
                fingerprint,
                chaincode: this.#chaincode,
                ...(anchor ? { anchor } : {}),
                ...(this.#policy ? { policy: this.#policy } : {}),
            });
        } catch (error) {
            if (error instanceof ReceiptBuildError) {
                throw new ProblemError(
                    'RECEIPT_UNAVAILABLE',
                    `cannot build a receipt from block of ${txId}: ${error.message}`,
                    {
                        fields: { transactionId: txId },
                        cause: error,
                    },
                );
            }
            throw error;
        }
        // Witnessed once the block yields a receipt: its written key is what the peers are asked to read.
        const witnessed = withWitness(receipt, await this.#witnesses.witness(identity, receipt.write.key));
        return this.#timestamped(witnessed, block);
    }

    /** The receipt with its block's RFC 3161 token (kept, or asked for now), when this gateway has a TSA. */
    async #timestamped(receipt: WitnessedReceipt, block: Uint8Array): Promise<WitnessedReceipt> {
        if (this.#timestamps === undefined) {
            return receipt;
        }
        try {
            const token = await this.#timestamps.tokenFor(block);
            return { ...receipt, timestamp: { token: Buffer.from(token).toString('base64') } };
        } catch (error) {
            throw timestampProblem(error, `block ${receipt.block.number}`, this.#retryAfterSeconds);
        }
    }

    #blockOf(identity: string, txId: string, blocks: FetchedBlocks | undefined): Promise<Uint8Array> {
        const fetched = blocks?.get(txId);
        if (fetched) {
            return fetched;
        }
        const { evaluates, runner } = this.#reads;
        const block = evaluates.run(() => runner.blockByTransactionId(identity, txId));
        blocks?.set(txId, block);
        return block;
    }
}
