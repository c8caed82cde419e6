import { ANCHOR_OBJECT_TYPES } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';

/**
 * The world-state layout of the evidence area, in one place. Every key is a Fabric composite key, so related
 * records sit together in LevelDB's byte order and range queries replace rich queries. Numbers inside keys are
 * zero-padded so that byte order is numeric order.
 */
export const OBJECT_TYPES = Object.freeze({
    /** [loanRef, seq] → EvidenceRecord: a loan's chain in order, each record written once. */
    evidenceRecord: 'ev.record',
    /** [recordId] → { loanRef, seq }: finds a record by fingerprint without scanning. */
    evidenceIndex: 'ev.id',
    /** [recordId] → Supersession: written once, when the record is corrected or withdrawn. */
    supersession: 'ev.superseded',
    /** [loanRef] → LoanHead: length, last record and current stage counts of the loan's chain. */
    loanHead: 'ev.loan',
    /** [loanRef] → LoanParties: written once, with the record that binds them; never rewritten. */
    loanParties: 'ev.parties',
    // The anchor types are the domain's, which the verifier reads transactions' writes by.
    /** [anchorId] → AnchorRecord. */
    anchor: ANCHOR_OBJECT_TYPES.anchor,
    /** [anchorId, chunk] → JSON array of the chunk's canonical fingerprints, in leaf order. */
    anchorLeaves: ANCHOR_OBJECT_TYPES.anchorLeaves,
    /** [fingerprint, anchorId] → leaf index (a JSON number): one small entry per anchored item. */
    anchorIndex: ANCHOR_OBJECT_TYPES.anchorIndex,
    /** [root] → SealedBatchRecord: a tree whose leaves stay with the submitter. */
    sealedBatch: ANCHOR_OBJECT_TYPES.sealedBatch,
    /** [kind, targetId, statementCode] → AttestationRecord. */
    attestation: 'attestation',
    /** [caseId] → CaseRecord, rewritten on each step. */
    caseRecord: 'case',
    /** [caseId, seq] → CaseStep, written once. */
    caseStep: 'case.step',
    /** [caseId] → CasePackage, written once. */
    casePackage: 'case.package',
    /** [court, caseId] → { caseId, loanRef }: the cases filed to a court. */
    caseByCourt: 'case.court',
    /** [court, loanRef, caseId] → { caseId }: lets a court read the evidence of loans it has cases on. */
    courtLoan: 'case.court-loan',
} as const);

/** Zero-padded decimal, so keys sort numerically. */
export function padded(value: number, width = 10): string {
    return String(value).padStart(width, '0');
}

function key(ctx: Context, objectType: string, attributes: string[]): string {
    return ctx.stub.createCompositeKey(objectType, attributes);
}

/** Key of record `seq` of a loan's chain. */
export function evidenceRecordKey(ctx: Context, loanRef: string, seq: number): string {
    return key(ctx, OBJECT_TYPES.evidenceRecord, [loanRef, padded(seq)]);
}

/** Key of a record's index entry. */
export function evidenceIndexKey(ctx: Context, id: string): string {
    return key(ctx, OBJECT_TYPES.evidenceIndex, [id]);
}

/** Key of a record's supersession. */
export function supersessionKey(ctx: Context, id: string): string {
    return key(ctx, OBJECT_TYPES.supersession, [id]);
}

/** Key of a loan's head. */
export function loanHeadKey(ctx: Context, loanRef: string): string {
    return key(ctx, OBJECT_TYPES.loanHead, [loanRef]);
}

/** Key of a loan's parties. */
export function loanPartiesKey(ctx: Context, loanRef: string): string {
    return key(ctx, OBJECT_TYPES.loanParties, [loanRef]);
}

/** Key of an anchor. */
export function anchorKey(ctx: Context, anchorId: string): string {
    return key(ctx, OBJECT_TYPES.anchor, [anchorId]);
}

/** Key of a sealed batch. */
export function sealedBatchKey(ctx: Context, root: string): string {
    return key(ctx, OBJECT_TYPES.sealedBatch, [root]);
}

/** Key of one chunk of an anchor's leaves. */
export function anchorLeavesKey(ctx: Context, anchorId: string, chunk: number): string {
    return key(ctx, OBJECT_TYPES.anchorLeaves, [anchorId, padded(chunk, 6)]);
}

/** Key of a fingerprint's entry for one anchor. */
export function anchorIndexKey(ctx: Context, fingerprint: string, anchorId: string): string {
    return key(ctx, OBJECT_TYPES.anchorIndex, [fingerprint, anchorId]);
}

/** Key of an attestation. */
export function attestationKey(ctx: Context, kind: string, targetId: string, statementCode: string): string {
    return key(ctx, OBJECT_TYPES.attestation, [kind, targetId, statementCode]);
}

/** Key of a case's current record. */
export function caseKey(ctx: Context, caseId: string): string {
    return key(ctx, OBJECT_TYPES.caseRecord, [caseId]);
}

/** Key of one step of a case. */
export function caseStepKey(ctx: Context, caseId: string, seq: number): string {
    return key(ctx, OBJECT_TYPES.caseStep, [caseId, padded(seq, 4)]);
}

/** Key of a case's evidence package. */
export function casePackageKey(ctx: Context, caseId: string): string {
    return key(ctx, OBJECT_TYPES.casePackage, [caseId]);
}

/** Key of a case in its court's list. */
export function caseByCourtKey(ctx: Context, court: string, caseId: string): string {
    return key(ctx, OBJECT_TYPES.caseByCourt, [court, caseId]);
}

/** Key granting a court read access to a loan's evidence through one case. */
export function courtLoanKey(ctx: Context, court: string, loanRef: string, caseId: string): string {
    return key(ctx, OBJECT_TYPES.courtLoan, [court, loanRef, caseId]);
}
