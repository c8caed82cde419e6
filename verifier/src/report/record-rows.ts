import { checksOf } from './record-checks.js';
import { type ReportedCheck, type ReportIdentity, type ReportItem } from './report-payload.js';
import {
    blockEntry,
    blockHeaderEntry,
    checkStatusEntry,
    merkleLeaf,
    STATUS_TAGS,
    trustedTimeEntry,
    WORDS,
    type Bilingual,
} from './report-wording.js';

/** One row of a record's block: a label, its value, and how the value is drawn. */
export interface RecordRow {
    readonly label: Bilingual;
    readonly value: string;
    /** Hashes and IDs: drawn monospaced. */
    readonly mono?: boolean;
    readonly tone?: 'pass' | 'fail';
}

/** Chinese, then English on the same line; once when they are the same. */
function inline(text: Bilingual): string {
    return text.zh === text.en ? text.zh : `${text.zh} / ${text.en}`;
}

function identity(who: ReportIdentity): string {
    return `${who.subject} (${who.mspId}${who.role === undefined ? '' : `, ${who.role}`})`;
}

// The trusted-time check's reason when it passed: "no later than T, according to TSA X (authority ..., token N)".
const TRUSTED_TIME = /^no later than (\S+), according to TSA (.+?)(?: \(authority .*)?$/s;

/**
 * The rows of a record's block in the PDF: the facts the receipt's signed bytes state (fingerprint, transaction,
 * who signed what with which certificate, the block header, the write, the validity witness, the trusted time)
 * and the roots they chain to. A fact the verifier could not confirm reads "not established".
 */
export function recordRows(item: ReportItem): RecordRow[] {
    const checks = new Map<string, ReportedCheck>(checksOf(item).map((check) => [check.id, check]));
    return [
        { label: WORDS.fingerprint, value: known(item.fingerprint, String), mono: item.fingerprint !== null },
        ...transactionRows(item, checks),
        ...ledgerRows(item),
        { label: WORDS.validityRow, value: validity(checks) },
        {
            label: WORDS.document,
            value: inline(item.integrity.documentPresented ? WORDS.documentShort : WORDS.documentNotShort),
        },
        { label: WORDS.rootsRow, value: roots(item) },
    ];
}

/** The value shown, or "not established" when the verifier could not confirm it (null or an empty list). */
function known<T>(value: T | null, show: (value: T) => string): string {
    return value === null || (Array.isArray(value) && value.length === 0) ? inline(WORDS.notEstablished) : show(value);
}

/** Where the transaction sits, its ID, its time(s) and who signed it. */
function transactionRows(item: ReportItem, checks: ReadonlyMap<string, ReportedCheck>): RecordRow[] {
    const { creation } = item;
    return [
        {
            label: WORDS.transaction,
            value: known(
                creation.blockNumber,
                (block) =>
                    `${inline(blockEntry(block, creation.transactionIndex))} · ` +
                    `${creation.channel ?? '?'}, ${creation.chaincode ?? '?'} (${creation.function ?? '-'})`,
            ),
        },
        {
            label: WORDS.transactionId,
            value: known(creation.transactionId, String),
            mono: creation.transactionId !== null,
        },
        ...trustedTimeRow(checks.get('trusted-time')),
        {
            label: WORDS.statedTime,
            value: known(creation.time, (time) => `${time} ${inline(WORDS.clientStated)}`),
        },
        { label: WORDS.creatorSignature, value: known(creation.writtenBy, identity) },
    ];
}

/** The endorsements, the signed block header, the write and, for an anchored record, its Merkle proof. */
function ledgerRows(item: ReportItem): RecordRow[] {
    const { creation, integrity, witnesses } = item;
    const { anchor } = integrity;
    return [
        { label: WORDS.endorsements, value: known(witnesses.endorsedBy, (peers) => peers.map(identity).join('\n')) },
        {
            label: WORDS.blockHeader,
            value: known(witnesses.orderedBy.length === 0 ? null : creation.blockNumber, (block) =>
                [inline(blockHeaderEntry(block)), ...witnesses.orderedBy.map(identity)].join('\n'),
            ),
        },
        {
            label: WORDS.writeSet,
            value: known(integrity.written, (written) => `${written.key} · member ${written.member}`),
        },
        ...(anchor === null
            ? []
            : [
                  {
                      label: WORDS.merkleProof,
                      value: `${inline(merkleLeaf(anchor.index, anchor.treeSize))}\n${anchor.anchorId}`,
                  },
              ]),
    ];
}

/** The trusted time when the record's token verified; the failed check's tag when it did not; nothing without one. */
function trustedTimeRow(check: ReportedCheck | undefined): RecordRow[] {
    if (check === undefined || check.status === 'skip') {
        return [];
    }
    if (check.status === 'fail') {
        return [{ label: WORDS.trustedTime, value: checkStatusEntry(check.id, STATUS_TAGS.fail), tone: 'fail' }];
    }
    const match = TRUSTED_TIME.exec(check.detail);
    return [
        {
            label: WORDS.trustedTime,
            value: match === null ? check.detail : inline(trustedTimeEntry(match[1]!, match[2]!)).replace(' / ', '\n'),
        },
    ];
}

/** The validation flag and the validity witness: their outcomes, and whose signatures the witness carries. */
function validity(checks: ReadonlyMap<string, ReportedCheck>): string {
    const parts = ['validation-flag', 'validity-witness'].flatMap((id) => {
        const check = checks.get(id);
        return check === undefined ? [] : [checkStatusEntry(id, STATUS_TAGS[check.status])];
    });
    const witness = checks.get('validity-witness');
    return [parts.join(' · '), ...(witness?.status === 'pass' ? [witnessedBy(witness.detail)] : [])].join('\n');
}

// The validity-witness check's reason when it passed: "peers of A, B read <key> at version (block N, entry M) on T:
// only a valid transaction writes state". The key is the write set's, a row above.
const WITNESSED = /^(peers of .+?) read \S+ (at version \(block \d+, entry \d+\) on \S+): only /s;

/** Who witnessed the write and at which version, without repeating the key; the whole reason when it reads otherwise. */
function witnessedBy(detail: string): string {
    const match = WITNESSED.exec(detail);
    return match === null ? detail : `${match[1]!} read the key ${match[2]!}`;
}

/** The organisations whose roots the record's signers chain to. */
function roots(item: ReportItem): string {
    const signers = [item.creation.writtenBy, ...item.witnesses.endorsedBy, ...item.witnesses.orderedBy];
    const msps = [...new Set(signers.flatMap((signer) => (signer === null ? [] : [signer.mspId])))].sort();
    return msps.length === 0 ? inline(WORDS.notEstablished) : `${msps.join(', ')} · ${inline(WORDS.rootsSeeMethod)}`;
}
