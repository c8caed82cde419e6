import { canonicalJson, type AnchorInclusionProof } from '@lendledger/domain';
import { buildReceipt, ReceiptBuildError, type AnchorProofInput, type Receipt } from '@lendledger/verifier';
import { ChaincodeRejectedError } from '../fabric/ledger-errors.js';
import { ProblemError } from '../http/problem-error.js';
import { type GatewayServices } from '../http/services.js';

/** Codes the chaincode answers when a fingerprint is not registered as a record of its own. */
const NOT_A_RECORD = new Set(['EVIDENCE_NOT_FOUND', 'NOT_FOUND']);

/** Codes the chaincode answers when a fingerprint is in no anchor whose leaves are on the ledger. */
const NOT_ANCHORED = new Set(['FINGERPRINT_NOT_ANCHORED', 'NOT_FOUND']);

/** An inclusion proof and the transaction that wrote its root. */
type AnchorProofWithTx = AnchorProofInput & { readonly txId: string };

/** How a fingerprint reached the ledger: its own evidence record, or a leaf of an anchored batch. */
export type ReceiptKind = 'evidence' | 'anchor';

/**
 * Assembles receipts: finds the transaction that wrote a fingerprint (its evidence record, or the anchor whose
 * Merkle tree holds it), fetches that transaction's block from the organisation's peer (qscc GetBlockByTxID),
 * and packs block, transaction and inclusion proof into a receipt anyone can check offline with the verifier.
 * Nothing is trusted here: the verifier re-checks every signature and hash.
 */
export class ReceiptService {
    readonly #services: GatewayServices;

    constructor(services: GatewayServices) {
        this.#services = services;
    }

    /**
     * The receipt of the fingerprint's own evidence record, or else of the earliest anchor holding it.
     *
     * @throws the chaincode's 404 problem when the fingerprint is neither registered nor anchored.
     */
    async forFingerprint(identity: string, fingerprint: string, kind?: ReceiptKind): Promise<Receipt> {
        if (kind === 'anchor') {
            return this.#anchored(identity, fingerprint);
        }
        try {
            return await this.#registered(identity, fingerprint);
        } catch (error) {
            const notARecord = error instanceof ChaincodeRejectedError && NOT_A_RECORD.has(error.code);
            if (kind === 'evidence' || !notARecord) {
                throw error;
            }
            return this.#anchored(identity, fingerprint);
        }
    }

    async #registered(identity: string, fingerprint: string): Promise<Receipt> {
        const view = await this.#evaluate<{ record: { txId: string } }>(identity, 'Evidence:Get', { id: fingerprint });
        return this.#build(identity, view.record.txId, fingerprint);
    }

    /** The anchor holding the fingerprint on the ledger, or else a batch this gateway sealed. */
    async #anchored(identity: string, fingerprint: string): Promise<Receipt> {
        let proof: AnchorProofWithTx;
        try {
            proof = await this.#evaluate<AnchorInclusionProof>(identity, 'Anchor:GetProof', { fingerprint });
        } catch (error) {
            const sealed = await this.#services.sealed.proofOf(fingerprint);
            if (!sealed || !(error instanceof ChaincodeRejectedError && NOT_ANCHORED.has(error.code))) {
                throw error;
            }
            proof = sealed;
        }
        return this.#build(identity, proof.txId, fingerprint, proof);
    }

    async #build(identity: string, txId: string, fingerprint: string, anchor?: AnchorProofWithTx): Promise<Receipt> {
        const { evaluates, ledger, config } = this.#services;
        const block = await evaluates.run(() => ledger.blockByTransactionId(identity, txId));
        try {
            return buildReceipt({
                block,
                txId,
                fingerprint,
                chaincode: config.chaincode,
                ...(anchor ? { anchor } : {}),
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
    }

    async #evaluate<T>(identity: string, name: string, request: unknown): Promise<T> {
        const { evaluates, runner } = this.#services;
        const bytes = await evaluates.run(() => runner.evaluate({ identity, name, args: [canonicalJson(request)] }));
        return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
    }
}
