import {
    type ChainView,
    type EvidenceHistory,
    type EvidenceRecord,
    type EvidenceView,
    type LoanHead,
    type PageResult,
    type Supersession,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { historyOf } from '../../core/ledger-state.js';
import { readPage, type PageRequest } from '../../core/page-reader.js';
import { attestationsOf } from '../attestations/attestation-store.js';
import { evidenceRecordKey, OBJECT_TYPES, supersessionKey } from '../ledger-keys.js';
import { requireLoanReader } from '../read-access.js';
import { findAdmission } from '../../membership/admissions/admission-in-force.js';
import { checkChain } from './chain-check.js';
import { loanPartiesOf } from './loan-parties.js';
import { loanRecords, readSupersession, requireLoanHead, requireRecord, statusOf } from './record-store.js';

/** The evidence queries, each applying the loan read rule before it returns anything. */

/** A record with its standing and attestations. */
export async function evidenceView(ctx: Context, id: string): Promise<EvidenceView> {
    const record = await requireRecord(ctx, id, 'id');
    await requireLoanReader(ctx, record.loanRef, 'read evidence of this loan');
    const supersession = await readSupersession(ctx, id);
    return {
        record,
        status: statusOf(supersession),
        supersession,
        attestations: await attestationsOf(ctx, 'EVIDENCE', id),
    };
}

/** A loan's head. */
export async function loanView(ctx: Context, loanRef: string): Promise<LoanHead> {
    await requireLoanReader(ctx, loanRef, 'read evidence of this loan');
    return requireLoanHead(ctx, loanRef);
}

/**
 * A loan's whole chain, checked, with the loan's parties and the admission under which its platform may write now
 * (null when none is in force: the loan's next write would be refused).
 */
export async function chainView(ctx: Context, loanRef: string): Promise<ChainView> {
    const loan = await loanView(ctx, loanRef);
    const checked = checkChain(loan, await loanRecords(ctx, loanRef));
    const parties = await loanPartiesOf(ctx, loanRef);
    if (parties === undefined) {
        return checked;
    }
    return { ...checked, parties, admission: await findAdmission(ctx, parties) };
}

/** One page of a loan's chain, in chain order. */
export async function loanPage(ctx: Context, loanRef: string, page: PageRequest): Promise<PageResult<EvidenceRecord>> {
    await loanView(ctx, loanRef);
    return readPage<EvidenceRecord>(ctx, { objectType: OBJECT_TYPES.evidenceRecord, attributes: [loanRef] }, page);
}

/** Every committed version of a record's keys: the record (written once) and its supersession (written once). */
export async function evidenceHistory(ctx: Context, id: string): Promise<EvidenceHistory> {
    const record = await requireRecord(ctx, id, 'id');
    await requireLoanReader(ctx, record.loanRef, 'read evidence of this loan');
    return {
        id,
        record: await historyOf<EvidenceRecord>(ctx, evidenceRecordKey(ctx, record.loanRef, record.seq)),
        supersession: await historyOf<Supersession>(ctx, supersessionKey(ctx, id)),
    };
}
