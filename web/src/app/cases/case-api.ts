import {
    FORUM_ROLES,
    type CaseEvidenceView,
    type CaseRecord,
    type CaseView,
    type PageResult,
    type AttestationRecord,
} from '@lendledger/domain';
import { api, ApiError } from '../../common/api.ts';
import { type BulkItem, type BulkOutcome } from './bulk-actions.ts';

/** The case routes the desk calls (gateway/src/http/routes/case-routes.ts, attestation-routes.ts, notary-routes.ts). */

/** A committed write's envelope. */
interface Committed<T> {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: T;
}

/** One page of a forum's inbox; `court` names the forum when the caller is not one. */
export function listCases(court: string | undefined, bookmark: string, pageSize = 50): Promise<PageResult<CaseRecord>> {
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (court) {
        query.set('court', court);
    }
    if (bookmark) {
        query.set('bookmark', bookmark);
    }
    return api<PageResult<CaseRecord>>(`/v1/cases?${query.toString()}`);
}

/** The MSP IDs holding a forum role (court or arbitration), from the registry in force. */
export async function listForums(): Promise<string[]> {
    const registry = await api<{ members: { mspId: string; roles: string[] }[] }>('/v1/registry');
    return registry.members
        .filter((member) => member.roles.some((role) => (FORUM_ROLES as readonly string[]).includes(role)))
        .map((member) => member.mspId);
}

/** The case with its package, steps and attestations. */
export function getCase(caseId: string): Promise<CaseView> {
    return api<CaseView>(`/v1/cases/${encodeURIComponent(caseId)}`);
}

/** The case's package items resolved, and its loan's checked chain. */
export function getCaseEvidence(caseId: string): Promise<CaseEvidenceView> {
    return api<CaseEvidenceView>(`/v1/cases/${encodeURIComponent(caseId)}/evidence`);
}

/** Sends one bulk write with its own Idempotency-Key; a refusal becomes a failed outcome with its code. */
export async function sendMove(item: BulkItem): Promise<BulkOutcome> {
    try {
        const answer = await api<Committed<{ case: CaseRecord }>>(
            `/v1/cases/${encodeURIComponent(item.caseId)}/${item.move}`,
            {
                method: 'POST',
                body: { documentFingerprint: item.documentFingerprint },
                headers: { 'idempotency-key': item.idempotencyKey },
            },
        );
        return { caseId: item.caseId, ok: true, status: answer.result.case.status };
    } catch (error) {
        if (error instanceof ApiError) {
            return { caseId: item.caseId, ok: false, code: error.code, message: error.message };
        }
        throw error;
    }
}

/** The notary attests the case's package root with a statement code. */
export async function attestCase(
    caseId: string,
    packageRoot: string,
    statementCode: string,
    key: string,
): Promise<{ txId: string; attestation: AttestationRecord }> {
    const answer = await api<Committed<{ created: boolean; attestation: AttestationRecord }>>(
        `/v1/cases/${encodeURIComponent(caseId)}/attestations`,
        { method: 'POST', body: { packageRoot, statementCode }, headers: { 'idempotency-key': key } },
    );
    return { txId: answer.txId, attestation: answer.result.attestation };
}

/** A notary verification report as the Notary's gateway issues it. */
export interface IssuedReport {
    readonly reportId: string;
    readonly verdict: string;
    readonly jws: string;
    /** The PDF, base64. */
    readonly pdf: string;
}

/** Asks the notary's gateway to verify the case's receipts and sign a report (seconds: it draws a PDF). */
export function issueReport(caseId: string): Promise<IssuedReport> {
    return api<IssuedReport>('/v1/notary/reports', { method: 'POST', body: { caseId }, timeoutMs: 180_000 });
}
