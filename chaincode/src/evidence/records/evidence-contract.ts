import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { requireMember, requireRole } from '../../membership/member-access.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf } from '../../core/page-reader.js';
import { parseRequest } from '../../core/request-fields.js';
import { loanRef, recordId } from '../evidence-fields.js';
import { correctEvidence, withdrawEvidence } from './amend-evidence.js';
import { chainView, evidenceHistory, evidenceView, loanPage, loanView } from './evidence-reads.js';
import { readCorrection, readRegistration, readRegistrationBatch, readWithdrawal } from './evidence-requests.js';
import { registerEvidence } from './register-evidence.js';

/** The roles that write evidence; which stages each writes, and on which loans, is stage-rules.ts. */
const WRITERS = ['platform', 'bank'] as const;

/**
 * Evidence records of loans: fingerprints of off-chain documents, hash-linked per loan, written under the stage
 * rules and never changed. Requests and answers are described in chaincode/docs/evidence-api.md.
 */
@Info({ title: 'Evidence', description: 'Hash-linked evidence chains of loans' })
export class EvidenceContract extends LedgerContract {
    constructor() {
        super('Evidence');
    }

    /** Registers one record; answers `{ created, record }`. */
    @Transaction()
    @Returns('string')
    async Register(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, WRITERS, 'register evidence');
        const [written] = await registerEvidence(ctx, caller, [parseRequest(request, readRegistration)]);
        return result(written);
    }

    /** Registers up to 1000 records in one transaction; answers `{ created, items }`. */
    @Transaction()
    @Returns('string')
    async RegisterBatch(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, WRITERS, 'register evidence');
        const items = await registerEvidence(ctx, caller, parseRequest(request, readRegistrationBatch));
        return result({ created: items.filter((item) => item.created).length, items });
    }

    /** Replaces a record by a corrected document; answers `{ created, record }`. */
    @Transaction()
    @Returns('string')
    async Correct(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, WRITERS, 'correct evidence');
        return result(await correctEvidence(ctx, caller, parseRequest(request, readCorrection)));
    }

    /** Withdraws a record; answers `{ created, record }`. */
    @Transaction()
    @Returns('string')
    async Withdraw(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, WRITERS, 'withdraw evidence');
        return result(await withdrawEvidence(ctx, caller, parseRequest(request, readWithdrawal)));
    }

    /** A record with its standing and attestations. */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read evidence');
        return result(
            await evidenceView(
                ctx,
                parseRequest(request, (fields) => recordId(fields, 'id')),
            ),
        );
    }

    /** A loan's head: length, last record, current stage counts. */
    @Transaction(false)
    @Returns('string')
    async GetLoan(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read evidence');
        return result(await loanView(ctx, parseRequest(request, loanRef)));
    }

    /** A loan's whole chain in order, with its integrity and completeness check. */
    @Transaction(false)
    @Returns('string')
    async GetChain(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read evidence');
        return result(await chainView(ctx, parseRequest(request, loanRef)));
    }

    /** One page of a loan's chain. */
    @Transaction(false)
    @Returns('string')
    async ListByLoan(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read evidence');
        const [loan, page] = parseRequest(request, (fields) => [loanRef(fields), pageRequestOf(fields)] as const);
        return result(await loanPage(ctx, loan, page));
    }

    /** Every committed version of a record's keys. */
    @Transaction(false)
    @Returns('string')
    async History(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read evidence');
        return result(
            await evidenceHistory(
                ctx,
                parseRequest(request, (fields) => recordId(fields, 'id')),
            ),
        );
    }
}
