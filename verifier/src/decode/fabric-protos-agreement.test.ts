import { describe, expect, it } from 'vitest';
import { fromBase64, fromUtf8 } from '../encoding/bytes.js';
import { fixtureReceipt } from '../testing/fixtures.js';
import {
    commonPb,
    kvRwsetPb,
    mspPb,
    proposalPb,
    proposalResponsePb,
    rwsetPb,
    transactionPb,
} from '../testing/protos.js';
import { blockSignaturesOf } from './block-metadata.js';
import { decodeBlock } from './block.js';
import { decodeTransaction } from './transaction.js';
import { validationCodeName } from './validation-codes.js';

/**
 * The verifier reads Fabric messages with its own wire reader; these tests decode the same real blocks with the
 * generated @hyperledger/fabric-protos classes and require the same values.
 */
describe.each(['direct', 'anchored'] as const)(
    'the %s fixture decoded by the wire reader and by fabric-protos',
    (kind) => {
        const receipt = fixtureReceipt(kind);
        const bytes = fromBase64(receipt.block.bytes);
        const block = commonPb.Block.deserializeBinary(bytes);
        const ours = decodeBlock(bytes);
        const envelope = commonPb.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]!);
        const payload = commonPb.Payload.deserializeBinary(envelope.getPayload_asU8());
        const channelHeader = commonPb.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
        const signatureHeader = commonPb.SignatureHeader.deserializeBinary(
            payload.getHeader()!.getSignatureHeader_asU8(),
        );
        const tx = decodeTransaction(ours.data[0]!);

        it('agree on the block header, data and metadata', () => {
            const header = block.getHeader()!;
            expect(ours.number).toBe(header.getNumber());
            expect(ours.previousHash).toEqual(header.getPreviousHash_asU8());
            expect(ours.dataHash).toEqual(header.getDataHash_asU8());
            expect(ours.data).toEqual(block.getData()!.getDataList_asU8());
            expect(ours.metadata).toEqual(block.getMetadata()!.getMetadataList_asU8());
        });

        it('agree on the channel header, creator and signature', () => {
            const creator = mspPb.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
            expect(tx.channelId).toBe(channelHeader.getChannelId());
            expect(tx.txId).toBe(channelHeader.getTxId());
            expect(tx.type).toBe(channelHeader.getType());
            expect(Date.parse(tx.time!)).toBe(channelHeader.getTimestamp()!.toDate().getTime());
            expect(tx.creator.mspId).toBe(creator.getMspid());
            expect(tx.creator.idBytes).toEqual(creator.getIdBytes_asU8());
            expect(tx.nonce).toEqual(signatureHeader.getNonce_asU8());
            expect(tx.signature).toEqual(envelope.getSignature_asU8());
            expect(tx.chaincodeName).toBe(
                proposalPb.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8())
                    .getChaincodeId()!
                    .getName(),
            );
        });

        it('agree on the endorsements and the writes', () => {
            const transaction = transactionPb.Transaction.deserializeBinary(payload.getData_asU8());
            const actionPayload = transactionPb.ChaincodeActionPayload.deserializeBinary(
                transaction.getActionsList()[0]!.getPayload_asU8(),
            );
            const endorsed = actionPayload.getAction()!;
            const prp = proposalResponsePb.ProposalResponsePayload.deserializeBinary(
                endorsed.getProposalResponsePayload_asU8(),
            );
            const action = proposalPb.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
            const writes = rwsetPb.TxReadWriteSet.deserializeBinary(action.getResults_asU8())
                .getNsRwsetList()
                .flatMap((ns) =>
                    kvRwsetPb.KVRWSet.deserializeBinary(ns.getRwset_asU8())
                        .getWritesList()
                        .map((w) => ({
                            namespace: ns.getNamespace(),
                            key: w.getKey(),
                            isDelete: w.getIsDelete(),
                            value: w.getValue_asU8(),
                        })),
                );

            expect(tx.action!.proposalHash).toEqual(prp.getProposalHash_asU8());
            expect(tx.action!.chaincodeName).toBe(action.getChaincodeId()!.getName());
            expect(tx.action!.endorsements.map((e) => [e.endorser.bytes, e.signature])).toEqual(
                endorsed.getEndorsementsList().map((e) => [e.getEndorser_asU8(), e.getSignature_asU8()]),
            );
            expect(tx.action!.writes).toEqual(writes);
            expect(tx.action!.writes.length).toBeGreaterThan(0);
        });

        it('agree on the orderer signatures and the validation code names', () => {
            const metadata = commonPb.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[0]!);
            const signatures = blockSignaturesOf(ours);

            expect(signatures.value).toEqual(metadata.getValue_asU8());
            expect(signatures.signatures.map((s) => [s.signatureHeader, s.signature])).toEqual(
                metadata.getSignaturesList().map((s) => [s.getSignatureHeader_asU8(), s.getSignature_asU8()]),
            );
            expect(fromUtf8(signatures.signatures[0]!.signer!.idBytes)).toContain('BEGIN CERTIFICATE');
            for (const [name, code] of Object.entries(transactionPb.TxValidationCode)) {
                expect(validationCodeName(code)).toBe(name);
            }
        });
    },
);
