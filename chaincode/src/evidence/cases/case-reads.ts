import {
    COMMON_ERRORS,
    type CaseEvidenceView,
    type CaseHistory,
    type CaseRecord,
    type CasePackage,
    type CaseView,
    type PackageItem,
    type SealedItemLocation,
    type PageResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { historyOf } from '../../core/ledger-state.js';
import { readPage, type PageRequest } from '../../core/page-reader.js';
import { anchorLocations } from '../anchors/anchor-reads.js';
import { requireSealedBatch } from '../anchors/seal-batch.js';
import { attestationsOf } from '../attestations/attestation-store.js';
import { caseKey, OBJECT_TYPES } from '../ledger-keys.js';
import { checkChain } from '../records/chain-check.js';
import { loanRecords, requireLoanHead } from '../records/record-store.js';
import { type MemberCaller } from '../../membership/member-access.js';
import { isForum, mayReadCase, requireCaseReader } from './case-access.js';
import { casePackage, caseSteps, requireCase } from './case-store.js';

/** The case queries, each applying the case read rule before it returns anything. */

async function readableCase(ctx: Context, caseId: string): Promise<CaseRecord> {
    const record = await requireCase(ctx, caseId);
    await requireCaseReader(ctx, record, 'read this case');
    return record;
}

/** A case with its package, steps and attestations. */
export async function caseView(ctx: Context, caseId: string): Promise<CaseView> {
    const record = await readableCase(ctx, caseId);
    return {
        case: record,
        package: await casePackage(ctx, caseId),
        steps: await caseSteps(ctx, caseId),
        attestations: await attestationsOf(ctx, 'CASE', caseId),
    };
}

/** A case with every package item resolved on the ledger and its loan's checked evidence chain. */
export async function caseEvidence(ctx: Context, caseId: string): Promise<CaseEvidenceView> {
    const record = await readableCase(ctx, caseId);
    const evidencePackage = await casePackage(ctx, caseId);
    const chain = checkChain(await requireLoanHead(ctx, record.loanRef), await loanRecords(ctx, record.loanRef));
    const entries = new Map(chain.entries.map((entry) => [entry.record.id, entry]));
    const items: PackageItem[] = [];
    const sealed = await sealedLocations(ctx, evidencePackage);
    for (const fingerprint of evidencePackage.fingerprints) {
        const entry = entries.get(fingerprint);
        const sealedAt = sealed.get(fingerprint);
        items.push({
            ...(sealedAt ? { sealed: sealedAt } : {}),
            fingerprint,
            evidence: entry && {
                id: entry.record.id,
                seq: entry.record.seq,
                stage: entry.record.stage,
                status: entry.status,
            },
            anchors: await anchorLocations(ctx, fingerprint),
        });
    }
    return {
        case: record,
        packageRoot: evidencePackage.root,
        items,
        chain,
        attestations: await attestationsOf(ctx, 'CASE', caseId),
    };
}

/** The sealed items of a package with their seal records' sealer, transaction and time, by fingerprint. */
async function sealedLocations(ctx: Context, evidencePackage: CasePackage): Promise<Map<string, SealedItemLocation>> {
    const locations = new Map<string, SealedItemLocation>();
    for (const item of evidencePackage.sealed ?? []) {
        const batch = await requireSealedBatch(ctx, item.anchorId);
        locations.set(item.fingerprint, {
            anchorId: item.anchorId,
            index: item.index,
            size: item.size,
            sealer: batch.submitter.mspId,
            txId: batch.txId,
            time: batch.time,
        });
    }
    return locations;
}

/** Every committed version of the case's current record: one per step. */
export async function caseHistory(ctx: Context, caseId: string): Promise<CaseHistory> {
    await readableCase(ctx, caseId);
    return { caseId, versions: await historyOf<CaseRecord>(ctx, caseKey(ctx, caseId)) };
}

/**
 * One page of the cases filed to a forum, in case identifier order. A forum (a court or an arbitration commission)
 * sees only its own cases (its inbox, and may omit `court`); a notary names the forum; a bank names the forum and
 * gets only the cases it filed there, so one bank never learns of another's disputes. `fetched` counts the entries
 * the page scanned, so a bank's page may hold fewer items than it scanned.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a forum asking for another forum's cases, INVALID_ARGUMENT when
 * a caller that is not a forum names none.
 */
export async function casesOfCourt(
    ctx: Context,
    caller: MemberCaller,
    court: string | undefined,
    request: PageRequest,
): Promise<PageResult<CaseRecord>> {
    const target = resolveForum(caller, court);
    const page = await readPage<{ caseId: string }>(
        ctx,
        { objectType: OBJECT_TYPES.caseByCourt, attributes: [target] },
        request,
    );
    const items: CaseRecord[] = [];
    for (const entry of page.items) {
        const record = await requireCase(ctx, entry.caseId);
        if (mayReadCase(caller, record)) {
            items.push(record);
        }
    }
    return { items, bookmark: page.bookmark, fetched: page.fetched };
}

function resolveForum(caller: MemberCaller, court: string | undefined): string {
    const callerIsForum = isForum(caller);
    if (callerIsForum && (court === undefined || court === caller.mspId)) {
        return caller.mspId;
    }
    if (callerIsForum) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may not list the cases of ${court}`, {
            action: 'list cases of another forum',
            mspId: caller.mspId,
        });
    }
    if (court === undefined) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'court must name the forum whose cases to list', {
            field: 'court',
        });
    }
    return court;
}
