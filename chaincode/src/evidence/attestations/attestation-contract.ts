import {
    ATTESTATION_TARGET_KINDS,
    EVIDENCE_ERRORS,
    type AttestationRecord,
    type AttestationTargetKind,
    type MemberRole,
} from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { result } from '../../core/ledger-state.js';
import { oneOf, parseRequest, type Fields } from '../../core/request-fields.js';
import { requireMember, requireRole } from '../../membership/member-access.js';
import { requireCase } from '../cases/case-store.js';
import { optionalFingerprint } from '../../core/fingerprint-fields.js';
import { caseId, hexRoot, recordId, shortCode } from '../evidence-fields.js';
import { requireCaseReader } from '../cases/case-access.js';
import { requireLoanReader } from '../read-access.js';
import { requireRecord } from '../records/record-store.js';
import { attestationsOf, recordAttestation } from './attestation-store.js';

/** Roles whose members attest: notaries (公证处 / 电子认证机构). */
const ATTESTERS: readonly MemberRole[] = ['notary'];

function statement(fields: Fields): { statementCode: string; documentFingerprint?: string } {
    return {
        statementCode: shortCode(fields, 'statementCode'),
        documentFingerprint: optionalFingerprint(fields, 'documentFingerprint'),
    };
}

/**
 * Notarial attestations of evidence records and of case packages. Only notaries attest; each attestation is
 * its own record, listed with the record it attests.
 */
@Info({ title: 'Attestation', description: 'Notary attestations of evidence records and case packages' })
export class AttestationContract extends LedgerContract {
    constructor() {
        super('Attestation');
    }

    /** Attests an evidence record as it stands (its link hash); answers `{ created, attestation }`. */
    @Transaction()
    @Returns('string')
    async AttestEvidence(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, ATTESTERS, 'attest evidence');
        const [id, said] = parseRequest(request, (fields) => [recordId(fields, 'id'), statement(fields)] as const);
        const record = await requireRecord(ctx, id, 'id');
        const target = { kind: 'EVIDENCE', id: record.id, linkHash: record.linkHash } as const;
        return result(await recordAttestation(ctx, caller, { target, ...said }));
    }

    /**
     * Attests a case's evidence package; `packageRoot` is the root the notary verified and must be the case's.
     * Answers `{ created, attestation }`.
     */
    @Transaction()
    @Returns('string')
    async AttestCase(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, ATTESTERS, 'attest a case package');
        const [id, packageRoot, said] = parseRequest(
            request,
            (fields) => [caseId(fields), hexRoot(fields, 'packageRoot'), statement(fields)] as const,
        );
        const record = await requireCase(ctx, id);
        if (packageRoot !== record.package.root) {
            throw new ChaincodeError(
                EVIDENCE_ERRORS.PACKAGE_ROOT_MISMATCH,
                `packageRoot is not the root of case ${record.caseId}`,
                {
                    field: 'packageRoot',
                    expected: record.package.root,
                    given: packageRoot,
                },
            );
        }
        const target = {
            kind: 'CASE',
            id: record.caseId,
            packageRoot,
            packageSize: record.package.size,
        } as const;
        return result(await recordAttestation(ctx, caller, { target, ...said }));
    }

    /** Every attestation of an evidence record or a case, for whoever may read that target. */
    @Transaction(false)
    @Returns('string')
    async ListByTarget(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read attestations');
        const [kind, requested] = parseRequest(request, (fields) => {
            const targetKind = oneOf(fields, 'kind', ATTESTATION_TARGET_KINDS);
            return [targetKind, targetKind === 'EVIDENCE' ? recordId(fields, 'id') : caseId(fields, 'id')] as const;
        });
        const id = await readableTarget(ctx, kind, requested);
        const attestations: AttestationRecord[] = await attestationsOf(ctx, kind, id);
        return result({ kind, id, attestations });
    }
}

/** The target's identifier, once the caller is known to be allowed to read the target. */
async function readableTarget(ctx: Context, kind: AttestationTargetKind, id: string): Promise<string> {
    if (kind === 'EVIDENCE') {
        const record = await requireRecord(ctx, id, 'id');
        await requireLoanReader(ctx, record.loanRef, 'read evidence of this loan');
        return record.id;
    }
    const record = await requireCase(ctx, id);
    await requireCaseReader(ctx, record, 'read this case');
    return record.caseId;
}
