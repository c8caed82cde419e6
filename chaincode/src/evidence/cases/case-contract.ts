import { FORUM_ROLES, MSP_ID_PATTERN, type CaseStatus, type MemberRole } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf } from '../../core/page-reader.js';
import { parseRequest, text } from '../../core/request-fields.js';
import { requireRole } from '../../membership/member-access.js';
import { caseId } from '../evidence-fields.js';
import { CASE_READER_ROLES } from './case-access.js';
import { caseEvidence, caseHistory, caseView, casesOfCourt } from './case-reads.js';
import { FORUM_MOVES, readFiling, readFilingBatch, readTransition } from './case-requests.js';
import { fileCases } from './file-case.js';
import { transitionCase } from './transition-case.js';

const FILERS: readonly MemberRole[] = ['bank'];

/**
 * Dispute cases: a bank files a case with its evidence package to a forum — a court or an arbitration commission
 * (一键仲裁) — the notary attests the package (through the Attestation contract), and the forum the case is filed
 * to moves it FILED → ACCEPTED | REJECTED → JUDGED → ENFORCED / CLOSED, each move a step with the forum's document
 * fingerprint. Access by role and by the case's parties: cases/case-access.ts.
 */
@Info({ title: 'Case', description: 'Dispute cases with verified evidence packages' })
export class CaseContract extends LedgerContract {
    constructor() {
        super('Case');
    }

    /** Files one case; answers `{ created, case }`. */
    @Transaction()
    @Returns('string')
    async File(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, FILERS, 'file a case');
        const [written] = await fileCases(ctx, caller, [parseRequest(request, readFiling)]);
        return result(written);
    }

    /** Files up to 100 cases in one transaction; answers `{ created, items }`. */
    @Transaction()
    @Returns('string')
    async FileBatch(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, FILERS, 'file a case');
        const items = await fileCases(ctx, caller, parseRequest(request, readFilingBatch));
        return result({ created: items.filter((item) => item.created).length, items });
    }

    /** FILED → ACCEPTED. */
    @Transaction()
    @Returns('string')
    async Accept(ctx: Context, request: string): Promise<string> {
        return this.#move(ctx, request, FORUM_MOVES.Accept);
    }

    /** FILED → REJECTED; needs a reasonCode. */
    @Transaction()
    @Returns('string')
    async Reject(ctx: Context, request: string): Promise<string> {
        return this.#move(ctx, request, FORUM_MOVES.Reject);
    }

    /** ACCEPTED → JUDGED. */
    @Transaction()
    @Returns('string')
    async Judge(ctx: Context, request: string): Promise<string> {
        return this.#move(ctx, request, FORUM_MOVES.Judge);
    }

    /** JUDGED → ENFORCED. */
    @Transaction()
    @Returns('string')
    async Enforce(ctx: Context, request: string): Promise<string> {
        return this.#move(ctx, request, FORUM_MOVES.Enforce);
    }

    /** ACCEPTED, JUDGED or ENFORCED → CLOSED. */
    @Transaction()
    @Returns('string')
    async Close(ctx: Context, request: string): Promise<string> {
        return this.#move(ctx, request, FORUM_MOVES.Close);
    }

    /** A case with its package, steps and attestations. */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, CASE_READER_ROLES, 'read cases');
        return result(await caseView(ctx, parseRequest(request, caseId)));
    }

    /** A case with its package items resolved and its loan's checked evidence chain. */
    @Transaction(false)
    @Returns('string')
    async GetEvidence(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, CASE_READER_ROLES, 'read cases');
        return result(await caseEvidence(ctx, parseRequest(request, caseId)));
    }

    /** Every committed version of a case's current record. */
    @Transaction(false)
    @Returns('string')
    async History(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, CASE_READER_ROLES, 'read cases');
        return result(await caseHistory(ctx, parseRequest(request, caseId)));
    }

    /** One page of the cases filed to a forum (court or arbitration commission); a forum lists its own. */
    @Transaction(false)
    @Returns('string')
    async ListByCourt(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, CASE_READER_ROLES, 'list cases');
        const [court, page] = parseRequest(
            request,
            (fields) =>
                [
                    fields.court === undefined
                        ? undefined
                        : text(fields, 'court', { max: 64, pattern: MSP_ID_PATTERN }),
                    pageRequestOf(fields),
                ] as const,
        );
        return result(await casesOfCourt(ctx, caller, court, page));
    }

    async #move(ctx: Context, request: string, to: CaseStatus): Promise<string> {
        const caller = await requireRole(ctx, FORUM_ROLES, 'move a case');
        return result(await transitionCase(ctx, caller, parseRequest(request, readTransition), to));
    }
}
