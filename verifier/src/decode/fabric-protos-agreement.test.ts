import { describe, expect, it } from 'vitest';
import { fromBase64, fromUtf8 } from '../encoding/bytes.js';
import { fixtureReceipt, type FixtureKind, type FixtureSet } from '../testing/fixtures.js';
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

/** How a recording's orderers name themselves on a block signature. */
type SignedBy = 'consenter number' | 'signature header';

/**
 * The verifier reads Fabric messages with its own wire reader; these tests decode the same real blocks with the
 * generated @hyperledger/fabric-protos classes and require the same values: blocks of the BFT network, whose
 * consenters sign by number, and of the Raft network before it, whose orderer names itself in a signature header.
 */
describe.each<[FixtureKind, FixtureSet, SignedBy]>([
    ['direct', 'bft', 'consenter number'],
    ['anchored', 'bft', 'consenter number'],
    ['direct', 'raft-v2', 'signature header'],
])('the %s fixture of the %s network decoded by the wire reader and by fabric-protos', (kind, set, signedBy) => {
    const receipt = fixtureReceipt(kind, set);
    const bytes = fromBase64(receipt.block.bytes);
    const block = commonPb.Block.deserializeBinary(bytes);
    const ours = decodeBlock(bytes);
    const envelope = commonPb.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]!);
    const payload = commonPb.Payload.deserializeBinary(envelope.getPayload_asU8());
    const channelHeader = commonPb.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    const signatureHeader = commonPb.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
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

        // fabric-protos 0.2.2 predates MetadataSignature.identifier_header (field 3, SmartBFT) and google-protobuf
        // drops fields it does not know, so it cannot see which consenter signed. The decoders are compared on
        // what both read: the signed value, each signature header (empty for a consenter) and each signature.
        expect(signatures.value).toEqual(metadata.getValue_asU8());
        expect(signatures.signatures.map((s) => [s.signatureHeader, s.signature])).toEqual(
            metadata.getSignaturesList().map((s) => [s.getSignatureHeader_asU8(), s.getSignature_asU8()]),
        );
        expect(signatures.signatures.length).toBeGreaterThan(0);
        for (const [i, entry] of metadata.getSignaturesList().entries()) {
            const header = entry.getSignatureHeader_asU8();
            const creator =
                header.length === 0
                    ? undefined
                    : mspPb.SerializedIdentity.deserializeBinary(
                          commonPb.SignatureHeader.deserializeBinary(header).getCreator_asU8(),
                      );
            const ours = signatures.signatures[i]!;
            expect([ours.signer?.mspId, ours.signer?.idBytes]).toEqual([
                creator?.getMspid(),
                creator?.getIdBytes_asU8(),
            ]);
        }
        // What only the wire reader sees: how the signers name themselves, the identifier header included.
        expect(
            signatures.signatures.map((s) =>
                s.consenterId !== undefined && s.identifierHeader.length > 0
                    ? 'consenter number'
                    : fromUtf8(s.signer?.idBytes ?? new Uint8Array()).includes('BEGIN CERTIFICATE')
                      ? 'signature header'
                      : 'neither',
            ),
        ).toEqual(signatures.signatures.map(() => signedBy));
        for (const [name, code] of Object.entries(transactionPb.TxValidationCode)) {
            expect(validationCodeName(code)).toBe(name);
        }
    });
});
