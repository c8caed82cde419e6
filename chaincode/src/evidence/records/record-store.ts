import {
    EVIDENCE_ERRORS,
    type EvidenceRecord,
    type EvidenceStatus,
    type LoanHead,
    type Supersession,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { allByPartialKey, readJson, readRequired } from '../../core/ledger-state.js';
import { evidenceIndexKey, evidenceRecordKey, loanHeadKey, OBJECT_TYPES, supersessionKey } from '../ledger-keys.js';
import { type RecordLocation } from './chain-writer.js';

/** Reading evidence records, loan heads and supersessions from committed state. */

/** Where the record with this identifier sits (one read, no record body), or `undefined`. */
export async function locateRecord(ctx: Context, id: string): Promise<RecordLocation | undefined> {
    return readJson<RecordLocation>(ctx, evidenceIndexKey(ctx, id));
}

/** The record with this identifier, or `undefined`. */
export async function readRecord(ctx: Context, id: string): Promise<EvidenceRecord | undefined> {
    const location = await locateRecord(ctx, id);
    if (location === undefined) {
        return undefined;
    }
    return readJson<EvidenceRecord>(ctx, evidenceRecordKey(ctx, location.loanRef, location.seq));
}

/**
 * The record with this identifier.
 *
 * @throws {@link ChaincodeError} EVIDENCE_NOT_FOUND naming the field that held the identifier.
 */
export async function requireRecord(ctx: Context, id: string, field: string): Promise<EvidenceRecord> {
    const record = await readRecord(ctx, id);
    if (record === undefined) {
        throw new ChaincodeError(EVIDENCE_ERRORS.EVIDENCE_NOT_FOUND, `evidence record ${id} does not exist`, {
            field,
            id,
        });
    }
    return record;
}

/** What corrected or withdrew the record, or `undefined` while it is current. */
export async function readSupersession(ctx: Context, id: string): Promise<Supersession | undefined> {
    return readJson<Supersession>(ctx, supersessionKey(ctx, id));
}

/** A record's standing given its supersession. */
export function statusOf(supersession: Supersession | undefined): EvidenceStatus {
    if (supersession === undefined) {
        return 'CURRENT';
    }
    return supersession.kind === 'CORRECTION' ? 'CORRECTED' : 'WITHDRAWN';
}

/**
 * The loan's head.
 *
 * @throws {@link ChaincodeError} LOAN_NOT_FOUND.
 */
export async function requireLoanHead(ctx: Context, loanRef: string, field = 'loanRef'): Promise<LoanHead> {
    return readRequired<LoanHead>(
        ctx,
        loanHeadKey(ctx, loanRef),
        `evidence of loan ${loanRef}`,
        EVIDENCE_ERRORS.LOAN_NOT_FOUND,
        {
            field,
            loanRef,
        },
    );
}

/** Every record of a loan's chain, in chain order. */
export async function loanRecords(ctx: Context, loanRef: string): Promise<EvidenceRecord[]> {
    return allByPartialKey<EvidenceRecord>(ctx, OBJECT_TYPES.evidenceRecord, [loanRef]);
}
