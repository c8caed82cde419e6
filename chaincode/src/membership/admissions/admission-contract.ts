import { Context, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { result } from '../../core/ledger-state.js';
import { parseRequest } from '../../core/request-fields.js';
import { requireMember, requireRole } from '../member-access.js';
import { admissionHistory, partnersOf } from './admission-reads.js';
import { readAdmissionHistory, readAdmissionWithdrawal, readAdmit, readListPartners } from './admission-request.js';
import { admitPartner } from './admit-partner.js';
import { withdrawAdmission } from './withdraw-admission.js';

/**
 * Partner admission (名单制): a bank admits the platforms it works with, per product and for a window, and may
 * withdraw an admission. Evidence writes on a loan require its bank's admission of its platform (see
 * admission-in-force.ts). Requests and answers are described in chaincode/docs/admission-api.md.
 */
@Info({ title: 'Admission', description: "Banks' admissions of their partner platforms" })
export class AdmissionContract extends LedgerContract {
    constructor() {
        super('Admission');
    }

    /** Admits a platform for products; only a bank, for itself. Answers `{ admissions }`. */
    @Transaction()
    @Param('request', 'string', 'JSON AdmitRequest')
    @Returns('string')
    async Admit(ctx: Context, request: string): Promise<string> {
        const admit = parseRequest(request, readAdmit);
        const caller = await requireRole(ctx, ['bank'], 'admit a partner platform');
        return result(await admitPartner(ctx, caller, admit));
    }

    /** Withdraws admissions of the calling bank. Answers `{ withdrawals }`. */
    @Transaction()
    @Param('request', 'string', 'JSON WithdrawAdmissionRequest')
    @Returns('string')
    async Withdraw(ctx: Context, request: string): Promise<string> {
        const withdrawal = parseRequest(request, readAdmissionWithdrawal);
        const caller = await requireRole(ctx, ['bank'], 'withdraw an admission');
        return result(await withdrawAdmission(ctx, caller, withdrawal));
    }

    /** The calling bank's admissions in force at a time (default now). */
    @Transaction(false)
    @Param('request', 'string', 'JSON ListPartnersRequest')
    @Returns('string')
    async ListPartners(ctx: Context, request: string): Promise<string> {
        const { at } = parseRequest(request, readListPartners);
        const caller = await requireRole(ctx, ['bank'], 'list its partners');
        return result(await partnersOf(ctx, caller, at));
    }

    /** Every admission and withdrawal of a bank and a platform; for the two and for auditors. */
    @Transaction(false)
    @Param('request', 'string', 'JSON AdmissionHistoryRequest')
    @Returns('string')
    async History(ctx: Context, request: string): Promise<string> {
        const pair = parseRequest(request, readAdmissionHistory);
        const caller = await requireMember(ctx, 'read an admission history');
        return result(await admissionHistory(ctx, caller, pair));
    }
}
