import { orderingAt, type ConsortiumPolicy } from '@lendledger/domain';
import { type BlockSignature, validationCodeName, validationCodeOf } from '../decode/block-metadata.js';
import { consenterIdentity, type SerializedIdentity } from '../decode/identity.js';
import { certificateOfIdentity, nodeRoleOf } from '../roots/identity-certificate.js';
import { type DecodedEvidence } from './decode-receipt.js';
import { type ReceiptAnchor, type ReceiptIdentity, type ReceiptSummary, type ReceiptWrite } from './receipt.js';
import { recordedTree } from './recorded-tree.js';
import { readableKey } from './written-member.js';

/** What a summary describes besides the decoded block. */
export interface SummaryInput {
    readonly evidence: DecodedEvidence;
    readonly fingerprint: string;
    readonly write: ReceiptWrite;
    readonly anchor: ReceiptAnchor | undefined;
    /**
     * The consortium's policy, when the summariser has one: a BFT consenter signs under a number, and only the
     * policy's consenter set (from the roots bundle) turns that number into an organisation and a certificate.
     */
    readonly policy?: ConsortiumPolicy;
}

/**
 * The human-readable account of a receipt, derived only from the block's bytes. The builder writes it and the
 * `summary` check derives it again, so a summary edited after the fact is caught. Every number and name comes from
 * signed bytes: the chaincode from the endorsed action, a batch's root and size (and an anchor's leaf index) from the
 * batch record the transaction wrote. What only the receipt supplies (the fingerprint, the written key and member, a
 * sealed leaf's index) is what `fingerprint-written` and `inclusion-proof` hold to those bytes.
 */
export function summarise(input: SummaryInput): ReceiptSummary {
    const { evidence, write } = input;
    const { transaction, action, block, index } = evidence;
    const code = validationCodeOf(block, index);
    const summary = {
        channel: transaction.channelId,
        chaincode: action.chaincodeName,
        function: action.functionName ?? null,
        blockNumber: block.number,
        transactionIndex: index,
        transactionId: transaction.txId,
        time: transaction.time ?? null,
        writtenBy: describeIdentity(transaction.creator),
        endorsedBy: action.endorsements.map((e) => describeIdentity(e.endorser)),
        orderedBy: evidence.signatures.signatures.flatMap((s) => describeBlockSigner(s, input.policy, block.number)),
        validation: code === undefined ? 'UNKNOWN' : validationCodeName(code),
        key: readableKey(write.key),
        member: write.member,
    };
    return { statement: statementOf(input, summary), ...summary };
}

/**
 * "leaf i of n in anchor r": the size, and for an anchor the index, as the ledger recorded them. Where it recorded no
 * tree, the receipt's claim is repeated and `inclusion-proof` fails instead.
 */
function leafOf(input: SummaryInput, anchor: ReceiptAnchor): string {
    const { evidence, write, fingerprint } = input;
    const { writes, chaincodeName } = evidence.action;
    const recorded = recordedTree(writes, chaincodeName, write.key, fingerprint);
    const tree = recorded.ok ? recorded.tree : undefined;
    const index = tree?.index ?? anchor.index;
    return `leaf ${index} of ${tree?.size ?? anchor.treeSize} in anchor ${tree?.root ?? anchor.root}`;
}

function statementOf(input: SummaryInput, s: Omit<ReceiptSummary, 'statement'>): string {
    const what = input.anchor ? `${input.fingerprint} is ${leafOf(input, input.anchor)}, which` : input.fingerprint;
    const endorsers = [...new Set(s.endorsedBy.map((e) => e.mspId))].join(', ') || 'nobody';
    const orderers = s.orderedBy.map((o) => o.subject).join('; ') || 'no orderer';
    return (
        `${what} was written under key ${s.key} (member ${s.member}) by ${s.writtenBy.subject} of ` +
        `${s.writtenBy.mspId} in transaction ${s.transactionId} (${s.function ?? 'unnamed function'}), endorsed by ` +
        `${endorsers}, ordered into block ${s.blockNumber} of channel ${s.channel} and signed by ${orderers}; ` +
        `the committing peer marked it ${s.validation}. Time asserted by the submitting client: ${s.time ?? 'none'}.`
    );
}

/**
 * Who made a block signature: the identity its signature header carries, or the consenter its identifier header
 * numbers (resolved through the policy when there is one, else "consenter #n" with no MSP), or nobody.
 */
function describeBlockSigner(
    signature: BlockSignature,
    policy: ConsortiumPolicy | undefined,
    blockNumber: number,
): ReceiptIdentity[] {
    if (signature.signer !== undefined) {
        return [describeIdentity(signature.signer)];
    }
    if (signature.consenterId === undefined) {
        return [];
    }
    // The consenters of the arrangement that ordered this block, which may since have been replaced.
    const arrangement = orderingAt(policy?.ordering, blockNumber);
    const consenters = arrangement.consensus === 'BFT' ? arrangement.consenters : [];
    const consenter = consenters.find((c) => c.id === signature.consenterId);
    return consenter === undefined
        ? [{ mspId: '', subject: `consenter #${signature.consenterId}` }]
        : [describeIdentity(consenterIdentity(consenter.mspId, consenter.identity))];
}

/** MSP, subject and role of an identity, read from its certificate without judging whether it is trusted. */
function describeIdentity(identity: SerializedIdentity): ReceiptIdentity {
    const certificate = certificateOfIdentity(identity);
    if (certificate instanceof Error) {
        return { mspId: identity.mspId, subject: '(unreadable certificate)' };
    }
    const role = nodeRoleOf(certificate);
    return { mspId: identity.mspId, subject: certificate.subject.text, ...(role ? { role } : {}) };
}
