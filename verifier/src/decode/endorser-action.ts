import { fromUtf8 } from '../encoding/bytes.js';
import { FabricDecodeError, required } from './decode-error.js';
import { decodeIdentity, type SerializedIdentity } from './identity.js';
import { WireMessage } from './wire.js';

/** One endorsement: who endorsed and their signature over (proposal response payload ‖ endorser). */
export interface DecodedEndorsement {
    readonly endorser: SerializedIdentity;
    readonly signature: Uint8Array;
}

/** One key written by the transaction. */
export interface KeyWrite {
    readonly namespace: string;
    readonly key: string;
    readonly isDelete: boolean;
    readonly value: Uint8Array;
}

/** The committed version of a key as the endorsing peer read it: the block and transaction that last wrote it. */
export interface KeyVersion {
    readonly blockNumber: number;
    readonly transactionIndex: number;
}

/** One key read by the transaction, with the version the endorser found; no version when the key did not exist. */
export interface KeyRead {
    readonly namespace: string;
    readonly key: string;
    readonly version: KeyVersion | undefined;
}

/** The single action of an endorser transaction (Fabric supports exactly one). */
export interface EndorserAction {
    /** The action's SignatureHeader bytes, part of the proposal hash. */
    readonly header: Uint8Array;
    /** ChaincodeProposalPayload bytes as the transaction carries them (transient data removed). */
    readonly chaincodeProposalPayload: Uint8Array;
    /** What every endorser signed (followed by its own serialized identity). */
    readonly proposalResponsePayload: Uint8Array;
    readonly proposalHash: Uint8Array;
    readonly endorsements: readonly DecodedEndorsement[];
    /** Chaincode the endorsers ran, from the ChaincodeAction. */
    readonly chaincodeName: string;
    /** First argument of the invocation, e.g. `Probe:Put`, when it is printable. */
    readonly functionName: string | undefined;
    /** Every argument of the invocation, the function name first, as the endorsers received them. */
    readonly arguments: readonly Uint8Array[];
    readonly reads: readonly KeyRead[];
    readonly writes: readonly KeyWrite[];
}

/**
 * Decodes the data of an endorser transaction's payload (a protos.Transaction).
 *
 * @throws {@link FabricDecodeError} when any nested message is malformed or missing.
 */
export function decodeEndorserAction(transactionBytes: Uint8Array): EndorserAction {
    // Transaction: actions 1. TransactionAction: header 1, payload 2.
    const actions = WireMessage.decode('protos.Transaction', transactionBytes).repeatedBytes(1);
    if (actions.length !== 1) {
        throw new FabricDecodeError('protos.Transaction', `expected exactly one action, found ${actions.length}`);
    }
    const action = WireMessage.decode('protos.TransactionAction', actions[0]!);
    // ChaincodeActionPayload: chaincode_proposal_payload 1, action 2.
    const actionPayload = WireMessage.decode('protos.ChaincodeActionPayload', action.bytes(2));
    const endorsed = required(
        actionPayload.message(2, 'protos.ChaincodeEndorsedAction'),
        'protos.ChaincodeActionPayload',
        'action',
    );
    // ChaincodeEndorsedAction: proposal_response_payload 1, endorsements 2. ProposalResponsePayload: hash 1, extension 2.
    const prpBytes = endorsed.bytes(1);
    const prp = WireMessage.decode('protos.ProposalResponsePayload', prpBytes);
    // ChaincodeAction: results 1, chaincode_id 4 (ChaincodeID: name 2).
    const chaincodeAction = WireMessage.decode('protos.ChaincodeAction', prp.bytes(2));
    const proposalPayload = actionPayload.bytes(1);
    const args = argumentsOf(proposalPayload);
    const namespaces = namespaceSets(chaincodeAction.bytes(1));
    return {
        header: action.bytes(1),
        chaincodeProposalPayload: proposalPayload,
        proposalResponsePayload: prpBytes,
        proposalHash: prp.bytes(1),
        endorsements: endorsed.repeatedBytes(2).map(decodeEndorsement),
        chaincodeName: chaincodeAction.message(4, 'protos.ChaincodeID')?.string(2) ?? '',
        functionName: printableName(args[0]),
        arguments: args,
        reads: decodeReads(namespaces),
        writes: decodeWrites(namespaces),
    };
}

// Endorsement: endorser 1, signature 2.
function decodeEndorsement(bytes: Uint8Array): DecodedEndorsement {
    const endorsement = WireMessage.decode('protos.Endorsement', bytes);
    return { endorser: decodeIdentity(endorsement.bytes(1)), signature: endorsement.bytes(2) };
}

// ChaincodeProposalPayload: input 1 → ChaincodeInvocationSpec: chaincode_spec 1 → ChaincodeSpec: input 3 →
// ChaincodeInput: args 1.
function argumentsOf(proposalPayloadBytes: Uint8Array): Uint8Array[] {
    const input = WireMessage.decode('protos.ChaincodeProposalPayload', proposalPayloadBytes).bytes(1);
    const spec = WireMessage.decode('protos.ChaincodeInvocationSpec', input).message(1, 'protos.ChaincodeSpec');
    return spec?.message(3, 'protos.ChaincodeInput')?.repeatedBytes(1) ?? [];
}

function printableName(first: Uint8Array | undefined): string | undefined {
    if (first === undefined) {
        return undefined;
    }
    const name = fromUtf8(first);
    return /^[\x20-\x7e]{1,128}$/.test(name) ? name : undefined;
}

// TxReadWriteSet: ns_rwset 2. NsReadWriteSet: namespace 1, rwset 2. KVRWSet: reads 1. KVRead: key 1, version 2.
// Version: block_num 1, tx_num 2.
function decodeReads(namespaces: readonly NamespaceSet[]): KeyRead[] {
    return namespaces.flatMap(({ namespace, kvset }) =>
        kvset.repeatedBytes(1).map((readBytes) => {
            const read = WireMessage.decode('kvrwset.KVRead', readBytes);
            const version = read.message(2, 'kvrwset.Version');
            return {
                namespace,
                key: read.string(1),
                version:
                    version === undefined
                        ? undefined
                        : { blockNumber: version.safeInteger(1), transactionIndex: version.safeInteger(2) },
            };
        }),
    );
}

interface NamespaceSet {
    readonly namespace: string;
    readonly kvset: WireMessage;
}

function namespaceSets(resultsBytes: Uint8Array): NamespaceSet[] {
    return WireMessage.decode('rwset.TxReadWriteSet', resultsBytes)
        .repeatedBytes(2)
        .map((bytes) => {
            const ns = WireMessage.decode('rwset.NsReadWriteSet', bytes);
            return { namespace: ns.string(1), kvset: WireMessage.decode('kvrwset.KVRWSet', ns.bytes(2)) };
        });
}

// TxReadWriteSet: ns_rwset 2. NsReadWriteSet: namespace 1, rwset 2. KVRWSet: writes 3. KVWrite: key 1,
// is_delete 2, value 3.
function decodeWrites(namespaces: readonly NamespaceSet[]): KeyWrite[] {
    return namespaces.flatMap(({ namespace, kvset }) =>
        kvset.repeatedBytes(3).map((writeBytes) => {
            const write = WireMessage.decode('kvrwset.KVWrite', writeBytes);
            return { namespace, key: write.string(1), isDelete: write.integer(2) !== 0n, value: write.bytes(3) };
        }),
    );
}
