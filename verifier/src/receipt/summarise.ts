import { validationCodeName, validationCodeOf } from '../decode/block-metadata.js';
import { type SerializedIdentity } from '../decode/identity.js';
import { certificateOfIdentity, nodeRoleOf } from '../roots/identity-certificate.js';
import { type DecodedEvidence } from './decode-receipt.js';
import { type ReceiptAnchor, type ReceiptIdentity, type ReceiptSummary, type ReceiptWrite } from './receipt.js';
import { readableKey } from './written-member.js';

/** What a summary describes besides the decoded block. */
export interface SummaryInput {
    readonly evidence: DecodedEvidence;
    readonly fingerprint: string;
    readonly chaincode: string;
    readonly write: ReceiptWrite;
    readonly anchor: ReceiptAnchor | undefined;
}

/**
 * The human-readable account of a receipt, derived only from the block's bytes. The builder writes it and the
 * `summary` check derives it again, so a summary edited after the fact is caught.
 */
export function summarise(input: SummaryInput): ReceiptSummary {
    const { evidence, write } = input;
    const { transaction, action, block, index } = evidence;
    const code = validationCodeOf(block, index);
    const summary = {
        channel: transaction.channelId,
        chaincode: input.chaincode,
        function: action.functionName ?? null,
        blockNumber: block.number,
        transactionIndex: index,
        transactionId: transaction.txId,
        time: transaction.time ?? null,
        writtenBy: describeIdentity(transaction.creator),
        endorsedBy: action.endorsements.map((e) => describeIdentity(e.endorser)),
        orderedBy: evidence.signatures.signatures.flatMap((s) => (s.signer ? [describeIdentity(s.signer)] : [])),
        validation: code === undefined ? 'UNKNOWN' : validationCodeName(code),
        key: readableKey(write.key),
        member: write.member,
    };
    return { statement: statementOf(input, summary), ...summary };
}

function statementOf(input: SummaryInput, s: Omit<ReceiptSummary, 'statement'>): string {
    const what = input.anchor
        ? `${input.fingerprint} is leaf ${input.anchor.index} of ${input.anchor.treeSize} in anchor ${input.anchor.root}, which`
        : input.fingerprint;
    const endorsers = [...new Set(s.endorsedBy.map((e) => e.mspId))].join(', ') || 'nobody';
    const orderers = s.orderedBy.map((o) => o.subject).join('; ') || 'no orderer';
    return (
        `${what} was written under key ${s.key} (member ${s.member}) by ${s.writtenBy.subject} of ` +
        `${s.writtenBy.mspId} in transaction ${s.transactionId} (${s.function ?? 'unnamed function'}), endorsed by ` +
        `${endorsers}, ordered into block ${s.blockNumber} of channel ${s.channel} and signed by ${orderers}; ` +
        `the committing peer marked it ${s.validation}. Time asserted by the submitting client: ${s.time ?? 'none'}.`
    );
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
