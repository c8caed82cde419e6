import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    EVIDENCE_EVENTS,
    type EvidenceRecord,
    type EvidenceWriteResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, exists, readAhead } from '../../core/ledger-state.js';
import { requireAdmission } from '../../membership/admissions/admission-in-force.js';
import { type MemberCaller } from '../../membership/member-access.js';
import { ChainWriter } from './chain-writer.js';
import { eventItemOf } from './evidence-events.js';
import { evidenceIndexKey, loanHeadKey, loanPartiesKey } from '../ledger-keys.js';
import { type Registration } from './evidence-requests.js';
import { bindLoanParties } from './loan-parties.js';
import { partiesOfRegistration, type PartiesOfWrite } from './party-binding.js';
import { readRecord } from './record-store.js';
import { bindAuthorizingConsent } from '../../consent/consent-in-force.js';
import {
    requireConsentWhereNeeded,
    requireCreditInquiryWhereNeeded,
    requirePrerequisite,
    requireSaltWhereNeeded,
    requireStageParty,
    requireStageWriter,
} from './stage-rules.js';

/**
 * Registers records in request order, each appended to its loan's chain. A fingerprint already on the ledger with
 * the same content is returned as it is (`created: false`) and written again nowhere; with other content it is a
 * CONFLICT. The writer must be the loan's party in a role that writes the stage (a loan's first record binds its
 * parties), and a record is created only while the loan's bank admits its platform for its product. The transaction
 * emits one `evidence.registered` event listing the records it created, and none when it created nothing.
 *
 * @throws {@link ChaincodeError} for the first item that breaks a rule, naming it by its field path; nothing of the
 * batch is written then.
 */
export async function registerEvidence(
    ctx: Context,
    caller: MemberCaller,
    registrations: readonly Registration[],
): Promise<EvidenceWriteResult[]> {
    await readAheadOf(ctx, registrations);
    const writer = new ChainWriter(ctx, caller);
    const seen = new Set<string>();
    const results: EvidenceWriteResult[] = [];
    for (const registration of registrations) {
        results.push(
            await itemNamedOnRefusal(registration.path, () => registerOne(ctx, caller, writer, registration, seen)),
        );
    }
    await writer.flush();
    const created = results.filter((entry) => entry.created).map((entry) => eventItemOf(entry.record));
    if (created.length > 0) {
        emitEvent(ctx, EVIDENCE_EVENTS.registered, { mspId: caller.mspId, txId: ctx.stub.getTxID(), items: created });
    }
    return results;
}

/** Registers one item of the request: checks it, and appends it unless it is a resubmission. */
async function registerOne(
    ctx: Context,
    caller: MemberCaller,
    writer: ChainWriter,
    registration: Registration,
    seen: Set<string>,
): Promise<EvidenceWriteResult> {
    requireStageWriter(caller, registration.stage, `${registration.path}.stage`);
    requireSaltWhereNeeded(registration.stage, registration.salted, `${registration.path}.salted`);
    if (seen.has(registration.fingerprint)) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.DUPLICATE_IN_BATCH,
            `${registration.path}.fingerprint repeats an earlier item`,
            { field: `${registration.path}.fingerprint`, fingerprint: registration.fingerprint },
        );
    }
    seen.add(registration.fingerprint);
    const ofWrite = await partiesOfRegistration(ctx, caller, registration);
    requireStageParty(caller, ofWrite.parties, registration.stage, registration.loanRef, `${registration.path}.stage`);
    const existing = await readRecord(ctx, registration.fingerprint);
    if (existing !== undefined) {
        // A resubmission writes nothing, so it answers the truth even after the admission ended.
        requireSameRegistration(existing, registration);
        return { created: false, record: existing };
    }
    await requireAdmission(ctx, ofWrite.parties, `register evidence on loan ${registration.loanRef}`);
    return { created: true, record: await append(ctx, caller, writer, registration, ofWrite) };
}

/**
 * Runs one batch item's step so that its refusal names the item in `details.item` (`items[3]`), also when its
 * `details.field` names none (an admission, a party rule). A gateway that coalesced single writes into the batch
 * reads it to answer that item's caller alone and keep the others going. A single registration's refusals are
 * unchanged.
 */
async function itemNamedOnRefusal<T>(path: string, step: () => Promise<T>): Promise<T> {
    try {
        return await step();
    } catch (error) {
        if (!(error instanceof ChaincodeError) || !path.startsWith('items[') || error.details.item !== undefined) {
            throw error;
        }
        throw error.withDetails({ item: path });
    }
}

/**
 * Reads up front, in two messages to the peer instead of three per record, the keys the loop below reads for every
 * record: each loan's parties and each fingerprint's index entry, then the head of each loan that gains a record.
 * It reads no key the loop would not (a resubmitted record's loan head stays unread), so the read set is the same.
 */
async function readAheadOf(ctx: Context, registrations: readonly Registration[]): Promise<void> {
    if (registrations.length < 2) {
        return;
    }
    const indexKeys = registrations.map((registration) => evidenceIndexKey(ctx, registration.fingerprint));
    await readAhead(ctx, [
        ...registrations.map((registration) => loanPartiesKey(ctx, registration.loanRef)),
        ...indexKeys,
    ]);
    const appended = new Set<string>();
    for (const [index, registration] of registrations.entries()) {
        if (!(await exists(ctx, indexKeys[index]!))) {
            appended.add(registration.loanRef);
        }
    }
    await readAhead(
        ctx,
        [...appended].map((loanRef) => loanHeadKey(ctx, loanRef)),
    );
}

async function append(
    ctx: Context,
    caller: MemberCaller,
    writer: ChainWriter,
    registration: Registration,
    { parties, binds }: PartiesOfWrite,
): Promise<EvidenceRecord> {
    const { path } = registration;
    await writer.checkPrevious(registration.loanRef, registration.previous, `${path}.previous`);
    requirePrerequisite(registration.stage, await writer.head(registration.loanRef), `${path}.stage`);
    const loan = { loanRef: registration.loanRef, parties };
    const consent = await requireConsentWhereNeeded(
        ctx,
        registration.stage,
        registration.consentId,
        loan,
        `${path}.consentId`,
    );
    await requireCreditInquiryWhereNeeded(ctx, registration.stage, loan, `${path}.stage`);
    if (binds) {
        await bindLoanParties(ctx, registration.loanRef, parties);
    }
    if (consent !== undefined) {
        await bindAuthorizingConsent(ctx, caller, consent, {
            loanRef: registration.loanRef,
            recordId: registration.fingerprint,
        });
    }
    return writer.append({
        kind: 'REGISTRATION',
        id: registration.fingerprint,
        fingerprint: registration.fingerprint,
        salted: registration.salted,
        evidenceType: registration.evidenceType,
        stage: registration.stage,
        loanRef: registration.loanRef,
        metadataFingerprint: registration.metadataFingerprint,
        consentId: registration.consentId,
        ...(binds ? { parties } : {}),
    });
}

const COMPARED = ['loanRef', 'stage', 'evidenceType', 'salted', 'metadataFingerprint', 'consentId'] as const;

/** A resubmission is the same registration when every field the caller chose matches the stored record. */
function requireSameRegistration(existing: EvidenceRecord, registration: Registration): void {
    const stored = existing as unknown as Record<string, unknown>;
    const differing =
        existing.kind === 'REGISTRATION' ? COMPARED.filter((name) => stored[name] !== registration[name]) : ['kind'];
    if (differing.length > 0) {
        throw new ChaincodeError(
            COMMON_ERRORS.CONFLICT,
            `${registration.path}.fingerprint is already registered with different ${differing.join(', ')}`,
            { field: `${registration.path}.fingerprint`, id: existing.id, differing: [...differing] },
        );
    }
}
