/**
 * Test support: rewrites a receipt's block the way a forger would — decode the messages, change one, encode
 * everything that contains it again — so that each tampering test changes exactly what it says.
 */
import { sha256 } from '../crypto/sha256.js';
import { commonPb, kvRwsetPb, proposalPb, proposalResponsePb, rwsetPb, transactionPb } from './protos.js';
import { concatBytes, fromBase64, toBase64 } from '../encoding/bytes.js';
import { type Receipt } from '../receipt/receipt.js';

type Message<T extends abstract new (...args: never) => unknown> = InstanceType<T>;

/** The decoded messages of a transaction envelope, to be edited in place. */
export interface EnvelopeParts {
    readonly envelope: Message<typeof commonPb.Envelope>;
    readonly payload: Message<typeof commonPb.Payload>;
    readonly channelHeader: Message<typeof commonPb.ChannelHeader>;
    readonly signatureHeader: Message<typeof commonPb.SignatureHeader>;
    readonly transaction: Message<typeof transactionPb.Transaction>;
    readonly actionPayload: Message<typeof transactionPb.ChaincodeActionPayload>;
    readonly endorsed: Message<typeof transactionPb.ChaincodeEndorsedAction>;
    readonly responsePayload: Message<typeof proposalResponsePb.ProposalResponsePayload>;
    readonly chaincodeAction: Message<typeof proposalPb.ChaincodeAction>;
    readonly rwset: Message<typeof rwsetPb.TxReadWriteSet>;
    /** One KVRWSet per namespace, in rwset order. */
    readonly kvsets: Message<typeof kvRwsetPb.KVRWSet>[];
}

/** The decoded messages of a receipt's transaction and its block. */
export interface TransactionParts extends EnvelopeParts {
    readonly block: Message<typeof commonPb.Block>;
}

/** Decodes a serialized transaction envelope into editable messages. */
export function openEnvelope(envelopeBytes: Uint8Array): EnvelopeParts {
    const envelope = commonPb.Envelope.deserializeBinary(envelopeBytes);
    const payload = commonPb.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader()!;
    const transaction = transactionPb.Transaction.deserializeBinary(payload.getData_asU8());
    const actionPayload = transactionPb.ChaincodeActionPayload.deserializeBinary(
        transaction.getActionsList()[0]!.getPayload_asU8(),
    );
    const endorsed = actionPayload.getAction()!;
    const responsePayload = proposalResponsePb.ProposalResponsePayload.deserializeBinary(
        endorsed.getProposalResponsePayload_asU8(),
    );
    const chaincodeAction = proposalPb.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
    const rwset = rwsetPb.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
    return {
        envelope,
        payload,
        channelHeader: commonPb.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()),
        signatureHeader: commonPb.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()),
        transaction,
        actionPayload,
        endorsed,
        responsePayload,
        chaincodeAction,
        rwset,
        kvsets: rwset.getNsRwsetList().map((ns) => kvRwsetPb.KVRWSet.deserializeBinary(ns.getRwset_asU8())),
    };
}

/** Decodes the receipt's transaction into editable messages. */
export function openTransaction(receipt: Receipt): TransactionParts {
    const block = commonPb.Block.deserializeBinary(fromBase64(receipt.block.bytes));
    return { block, ...openEnvelope(block.getData()!.getDataList_asU8()[receipt.transaction.index]!) };
}

/** Decodes the receipt's validity witness into editable messages. */
export function openWitness(receipt: Receipt): EnvelopeParts {
    return openEnvelope(fromBase64(receipt.witness!.envelope));
}

/** How {@link sealTransaction} finishes the forgery. */
export interface SealOptions {
    /** Recompute the header's data hash (a forger can; only the orderer signature then gives it away). */
    readonly rehashBlock?: boolean;
    /** Re-sign the envelope payload (e.g. with an outsider's key). */
    readonly signPayload?: (payload: Uint8Array) => Promise<Uint8Array>;
    /**
     * Recompute the proposal hash the endorsers sign from the (edited) headers and proposal payload, as a forger
     * holding endorsers' keys would.
     */
    readonly rehashProposal?: boolean;
    /** Re-sign the proposal response payload for each endorsement, given the endorser bytes. */
    readonly signEndorsement?: (message: Uint8Array, endorser: Uint8Array) => Promise<Uint8Array | undefined>;
}

/** Encodes the (edited) messages back into the receipt's block, innermost first. */
export async function sealTransaction(
    receipt: Receipt,
    parts: TransactionParts,
    options: SealOptions = {},
): Promise<Receipt> {
    const data = parts.block.getData()!.getDataList_asU8().slice();
    data[receipt.transaction.index] = await sealEnvelope(parts, options);
    parts.block.getData()!.setDataList(data);
    if (options.rehashBlock) {
        parts.block.getHeader()!.setDataHash(sha256(concatBytes(...data)));
    }
    return withBlock(receipt, parts.block.serializeBinary());
}

/** Encodes the (edited) messages back into the receipt's validity witness. */
export async function sealWitness(
    receipt: Receipt,
    parts: EnvelopeParts,
    options: Omit<SealOptions, 'rehashBlock'> = {},
): Promise<Receipt> {
    return { ...receipt, witness: { envelope: toBase64(await sealEnvelope(parts, options)) } };
}

/** Encodes the (edited) messages of an envelope, innermost first, re-signing as asked. */
async function sealEnvelope(parts: EnvelopeParts, options: Omit<SealOptions, 'rehashBlock'>): Promise<Uint8Array> {
    parts.rwset.getNsRwsetList().forEach((ns, i) => ns.setRwset(parts.kvsets[i]!.serializeBinary()));
    parts.chaincodeAction.setResults(parts.rwset.serializeBinary());
    parts.responsePayload.setExtension$(parts.chaincodeAction.serializeBinary());
    const signatureHeader = parts.signatureHeader.serializeBinary();
    const channelHeader = parts.channelHeader.serializeBinary();
    if (options.rehashProposal) {
        const proposalPayload = parts.actionPayload.getChaincodeProposalPayload_asU8();
        parts.responsePayload.setProposalHash(sha256(concatBytes(channelHeader, signatureHeader, proposalPayload)));
    }
    const prp = parts.responsePayload.serializeBinary();
    parts.endorsed.setProposalResponsePayload(prp);
    for (const endorsement of parts.endorsed.getEndorsementsList()) {
        const signature = await options.signEndorsement?.(
            concatBytes(prp, endorsement.getEndorser_asU8()),
            endorsement.getEndorser_asU8(),
        );
        if (signature !== undefined) {
            endorsement.setSignature(signature);
        }
    }
    parts.actionPayload.setAction(parts.endorsed);
    const action = parts.transaction.getActionsList()[0]!;
    action.setHeader(signatureHeader);
    action.setPayload(parts.actionPayload.serializeBinary());
    parts.payload.setData(parts.transaction.serializeBinary());
    parts.payload.getHeader()!.setChannelHeader(channelHeader);
    parts.payload.getHeader()!.setSignatureHeader(signatureHeader);
    const payload = parts.payload.serializeBinary();
    parts.envelope.setPayload(payload);
    if (options.signPayload) {
        parts.envelope.setSignature(await options.signPayload(payload));
    }
    return parts.envelope.serializeBinary();
}

/** The receipt with other block bytes. */
export function withBlock(receipt: Receipt, block: Uint8Array): Receipt {
    return { ...receipt, block: { ...receipt.block, bytes: toBase64(block) } };
}

/** Edits the block's metadata entries (not covered by the data hash) and returns the receipt with the new block. */
export function editMetadata(receipt: Receipt, edit: (metadata: Uint8Array[]) => void): Receipt {
    const block = commonPb.Block.deserializeBinary(fromBase64(receipt.block.bytes));
    const metadata = block
        .getMetadata()!
        .getMetadataList_asU8()
        .map((m) => m.slice());
    edit(metadata);
    block.getMetadata()!.setMetadataList(metadata);
    return withBlock(receipt, block.serializeBinary());
}
