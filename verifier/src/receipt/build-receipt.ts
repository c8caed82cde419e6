import { validationCodeName, validationCodeOf, TX_VALID } from '../decode/block-metadata.js';
import { decodeBlock } from '../decode/block.js';
import { FabricDecodeError } from '../decode/decode-error.js';
import { channelHeaderTxId } from '../decode/transaction.js';
import { toBase64 } from '../encoding/bytes.js';
import { LENDLEDGER_POLICY, type ConsortiumPolicy } from '../policy.js';
import { checkInclusion, receiptAnchorOf, type AnchorProofInput } from './anchor-proof.js';
import {
    AnchorProofError,
    BlockUnreadableError,
    FingerprintFormatError,
    FingerprintNotWrittenError,
    TransactionNotInBlockError,
    TransactionNotValidError,
} from './build-errors.js';
import { evidenceAt, type DecodedEvidence } from './decode-receipt.js';
import { FINGERPRINT_PATTERN, RECEIPT_FORMAT, type Receipt, type ReceiptWitness } from './receipt.js';
import { ReceiptFormatError } from './receipt-format-error.js';
import { claimMatchesLedger, recordedTree } from './recorded-tree.js';
import { summarise } from './summarise.js';
import { locateWrite, type LocatedWrite } from './written-member.js';

/** A receipt that carries its validity witness, as gateways hand them out. */
export type WitnessedReceipt = Receipt & { readonly witness: ReceiptWitness };

/** What {@link buildReceipt} needs. */
export interface BuildReceiptOptions {
    /** The serialized common.Block, as qscc `GetBlockByTxID` returns it. */
    readonly block: Uint8Array;
    readonly txId: string;
    /** Canonical fingerprint, `sha256:<hex>` or `sm3:<hex>`. */
    readonly fingerprint: string;
    /** The fingerprint's inclusion proof when it was anchored in a batch (then the transaction wrote the root). */
    readonly anchor?: AnchorProofInput;
    /** Chaincode whose namespace holds the record; LendLedger's by default. */
    readonly chaincode?: string;
    /**
     * The validity witness: the serialized common.Envelope of an endorsed, never submitted `Witness:Read` of the
     * written key (`witnessEnvelopeOf` extracts it from fabric-gateway's prepared transaction). A receipt without one fails the `validity-witness` check.
     */
    readonly witness?: Uint8Array;
    /** Time to stamp as `issuedAt`; now by default. */
    readonly issuedAt?: Date;
    /**
     * The consortium's policy, so that the summary names BFT consenters (who sign by number) by organisation and
     * certificate; without it the summary says "consenter #n", which verifies as well.
     */
    readonly policy?: ConsortiumPolicy;
}

/**
 * Assembles a receipt for a fingerprint written by a transaction: locates the transaction in its block, the write
 * holding the fingerprint (or the anchor root whose tree holds it), and describes it for people. It checks what it
 * needs to refuse a useless receipt, but no signature: that is the verifier's work.
 *
 * @throws {@link FingerprintFormatError}, {@link BlockUnreadableError}, {@link TransactionNotInBlockError},
 *   {@link TransactionNotValidError}, {@link AnchorProofError} or {@link FingerprintNotWrittenError}.
 * @example
 * const block = await network.getContract('qscc').evaluateTransaction('GetBlockByTxID', 'lending', txId);
 * const receipt = buildReceipt({ block, txId, fingerprint });
 */
export function buildReceipt(options: BuildReceiptOptions): Receipt {
    const { fingerprint, txId, anchor } = options;
    const chaincode = options.chaincode ?? LENDLEDGER_POLICY.chaincode;
    if (!FINGERPRINT_PATTERN.test(fingerprint)) {
        throw new FingerprintFormatError(fingerprint);
    }
    const evidence = locateTransaction(options.block, txId);
    const code = validationCodeOf(evidence.block, evidence.index);
    if (code !== TX_VALID) {
        throw new TransactionNotValidError(txId, code === undefined ? 'no validation flag' : validationCodeName(code));
    }
    const write = locateTarget(evidence, chaincode, fingerprint, anchor);
    const receiptAnchor = anchor === undefined ? undefined : receiptAnchorOf(fingerprint, anchor);
    const receipt: Receipt = {
        format: RECEIPT_FORMAT,
        fingerprint,
        channel: evidence.transaction.channelId,
        chaincode,
        transaction: { id: txId, index: evidence.index },
        write,
        ...(receiptAnchor === undefined ? {} : { anchor: receiptAnchor }),
        block: { number: evidence.block.number, bytes: toBase64(options.block) },
        summary: summarise({
            evidence,
            fingerprint,
            write,
            anchor: receiptAnchor,
            ...(options.policy === undefined ? {} : { policy: options.policy }),
        }),
        issuedAt: (options.issuedAt ?? new Date()).toISOString(),
    };
    return options.witness === undefined ? receipt : withWitness(receipt, options.witness);
}

/**
 * The receipt with a validity witness: the serialized common.Envelope of an endorsed, never submitted
 * `Witness:Read` of `receipt.write.key`. Nothing is checked here; the `validity-witness` check does that.
 */
export function withWitness(receipt: Receipt, envelope: Uint8Array): WitnessedReceipt {
    const { summary, issuedAt, ...head } = receipt;
    return {
        ...head,
        witness: { envelope: toBase64(envelope) },
        summary,
        ...(issuedAt === undefined ? {} : { issuedAt }),
    };
}

function locateTransaction(blockBytes: Uint8Array, txId: string): DecodedEvidence {
    try {
        const block = decodeBlock(blockBytes);
        const index = block.data.findIndex((entry) => channelHeaderTxId(entry) === txId);
        if (index < 0) {
            throw new TransactionNotInBlockError(txId, block.number);
        }
        return evidenceAt(block, index);
    } catch (error) {
        if (error instanceof FabricDecodeError || error instanceof ReceiptFormatError) {
            throw new BlockUnreadableError(error.message, { cause: error });
        }
        throw error;
    }
}

/**
 * The write holding the fingerprint, or the anchor root when the fingerprint came with a proof; the proof must
 * lead there and claim the tree the transaction recorded, or the verifier would refuse the receipt.
 */
function locateTarget(
    evidence: DecodedEvidence,
    chaincode: string,
    fingerprint: string,
    anchor: AnchorProofInput | undefined,
): LocatedWrite {
    if (anchor !== undefined) {
        checkAnchor(fingerprint, anchor);
    }
    const target = anchor?.root ?? fingerprint;
    const write = locateWrite(evidence.action.writes, chaincode, target);
    if (write === undefined) {
        throw new FingerprintNotWrittenError(evidence.transaction.txId, target);
    }
    if (anchor !== undefined) {
        checkAnchorOnLedger(evidence, chaincode, write.key, fingerprint, anchor);
    }
    return write;
}

/** The proof must claim the tree the transaction recorded. */
function checkAnchorOnLedger(
    evidence: DecodedEvidence,
    chaincode: string,
    key: string,
    fingerprint: string,
    anchor: AnchorProofInput,
): void {
    const recorded = recordedTree(evidence.action.writes, chaincode, key, fingerprint);
    const verdict = recorded.ok ? claimMatchesLedger(anchor, recorded.tree, fingerprint) : recorded;
    if (!verdict.ok) {
        throw new AnchorProofError(anchor.anchorId, verdict.reason);
    }
}

function checkAnchor(fingerprint: string, anchor: AnchorProofInput): void {
    if (anchor.fingerprint !== undefined && anchor.fingerprint !== fingerprint) {
        throw new AnchorProofError(anchor.anchorId, `it proves ${anchor.fingerprint}, not ${fingerprint}`);
    }
    const verdict = checkInclusion(fingerprint, anchor);
    if (!verdict.ok) {
        throw new AnchorProofError(anchor.anchorId, verdict.reason);
    }
}
