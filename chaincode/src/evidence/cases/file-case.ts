import {
    canonicalJson,
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    EVIDENCE_EVENTS,
    forumRoleOfCase,
    type CasePackage,
    type SealedPackageItem,
    type CaseRecord,
    type CaseStep,
    type CaseWriteResult,
    type ForumRole,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, txTime, writeJson } from '../../core/ledger-state.js';
import { caseByCourtKey, caseKey, casePackageKey, caseStepKey, courtLoanKey } from '../ledger-keys.js';
import { type MemberCaller } from '../../membership/member-access.js';
import { requireLoanParty } from '../records/loan-parties.js';
import { requireLoanHead } from '../records/record-store.js';
import { forumRoleAtFiling } from './case-access.js';
import { verifyPackage } from './case-package.js';
import { type Filing } from './case-requests.js';
import { readCase, readStep } from './case-store.js';

/**
 * Files cases in request order. Each needs a loan with evidence funded by the caller (the bank its first record
 * bound), a forum that holds a court or arbitration role in
 * the registry in force, and a package that checks out; each is written as its current record (naming the forum
 * and its role), its package, its first step (FILED, with the filing document), an entry in its forum's list and
 * the forum's read grant for the loan. Filing an identical case again returns it without writing. One `case.filed`
 * event lists the cases created.
 *
 * @throws {@link ChaincodeError} for the first case that breaks a rule, naming it by its field path.
 */
export async function fileCases(
    ctx: Context,
    caller: MemberCaller,
    filings: readonly Filing[],
): Promise<CaseWriteResult[]> {
    const seen = new Set<string>();
    const results: CaseWriteResult[] = [];
    for (const filing of filings) {
        if (seen.has(filing.caseId)) {
            throw new ChaincodeError(
                EVIDENCE_ERRORS.DUPLICATE_IN_BATCH,
                `${filing.path}.caseId repeats an earlier case`,
                {
                    field: `${filing.path}.caseId`,
                    caseId: filing.caseId,
                },
            );
        }
        seen.add(filing.caseId);
        const existing = await readCase(ctx, filing.caseId);
        if (existing !== undefined) {
            await requireSameFiling(ctx, existing, filing);
            results.push({ created: false, case: existing });
            continue;
        }
        await requireLoanHead(ctx, filing.loanRef, `${filing.path}.loanRef`);
        // The loan's parties, not the admission in force: a dispute outlives the partnership, so a bank files on a
        // loan whose admission was withdrawn or expired since. The admission was checked when the loan's first
        // record bound its parties, so every loan a bank can file on was admitted when it was made.
        await requireLoanParty(ctx, filing.loanRef, caller, 'bank', 'file a case on this loan');
        const forumRole = forumRoleAtFiling(caller.registry, filing.court, filing.forumRole, `${filing.path}.court`);
        const sealed = await verifyPackage(ctx, filing);
        results.push({ created: true, case: await writeCase(ctx, caller, filing, forumRole, sealed) });
    }
    const created = results.filter((entry) => entry.created).map((entry) => entry.case);
    if (created.length > 0) {
        emitEvent(ctx, EVIDENCE_EVENTS.caseFiled, {
            mspId: caller.mspId,
            txId: ctx.stub.getTxID(),
            items: created.map((record) => ({
                caseId: record.caseId,
                loanRef: record.loanRef,
                court: record.court,
                forumRole: forumRoleOfCase(record),
                packageRoot: record.package.root,
                packageSize: record.package.size,
            })),
        });
    }
    return results;
}

async function writeCase(
    ctx: Context,
    caller: MemberCaller,
    filing: Filing,
    forumRole: ForumRole,
    sealed: readonly SealedPackageItem[],
): Promise<CaseRecord> {
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const filer = { mspId: caller.mspId, subject: caller.subject };
    const record: CaseRecord = {
        caseId: filing.caseId,
        loanRef: filing.loanRef,
        court: filing.court,
        forumRole,
        status: 'FILED',
        claimCode: filing.claimCode,
        package: { root: filing.root, size: filing.fingerprints.length },
        filer,
        filedAt: time,
        steps: 1,
        updatedAt: time,
        lastTxId: txId,
    };
    const step: CaseStep = {
        caseId: filing.caseId,
        seq: 1,
        from: null,
        to: 'FILED',
        documentFingerprint: filing.documentFingerprint,
        actor: filer,
        txId,
        time,
    };
    const evidencePackage: CasePackage = {
        caseId: filing.caseId,
        root: filing.root,
        size: filing.fingerprints.length,
        fingerprints: filing.fingerprints,
        // Absent when empty, so packages without sealed items are stored exactly as before.
        ...(sealed.length > 0 ? { sealed } : {}),
    };
    await writeJson(ctx, caseKey(ctx, filing.caseId), record);
    await writeJson(ctx, caseStepKey(ctx, filing.caseId, 1), step);
    await writeJson(ctx, casePackageKey(ctx, filing.caseId), evidencePackage);
    await writeJson(ctx, caseByCourtKey(ctx, filing.court, filing.caseId), {
        caseId: filing.caseId,
        loanRef: filing.loanRef,
    });
    await writeJson(ctx, courtLoanKey(ctx, filing.court, filing.loanRef, filing.caseId), { caseId: filing.caseId });
    return record;
}

/**
 * A refiling is the same case when loan, forum, claim, package root and filing document all match (and the forum
 * role, when the refiling names one).
 */
async function requireSameFiling(ctx: Context, existing: CaseRecord, filing: Filing): Promise<void> {
    const filed = await readStep(ctx, existing.caseId, 1);
    const stored = [
        existing.loanRef,
        existing.court,
        forumRoleOfCase(existing),
        existing.claimCode ?? null,
        existing.package.root,
        filed?.documentFingerprint ?? null,
    ];
    const given = [
        filing.loanRef,
        filing.court,
        filing.forumRole ?? forumRoleOfCase(existing),
        filing.claimCode ?? null,
        filing.root,
        filing.documentFingerprint,
    ];
    if (canonicalJson(stored) !== canonicalJson(given)) {
        throw new ChaincodeError(
            COMMON_ERRORS.CONFLICT,
            `case ${existing.caseId} was already filed with other content`,
            {
                field: `${filing.path}.caseId`,
                caseId: existing.caseId,
            },
        );
    }
}
