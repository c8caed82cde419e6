import { type DealRecord } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf, readPage } from '../../core/page-reader.js';
import { parseRequest } from '../../core/request-fields.js';
import { ABS_DEAL_ROLES, readDealAsParty, requireIssuerRole } from '../access.js';
import { requireRole } from '../../membership/member-access.js';
import { dealIdOf } from '../fields.js';
import { ABS_OBJECTS } from '../keys.js';
import { createDeal } from './create-deal.js';
import { parseSetInvestors, setInvestors } from './deal-holders.js';
import { parseCreateDeal } from './deal-request.js';
import { readDeal } from './deal-store.js';
import { parseTransitionDeal, transitionDeal } from './transition-deal.js';

/**
 * ABS deals: creation by a bank (the issuer), its holders, its state machine, and reads for the deal's parties.
 * Request and response shapes: chaincode/docs/abs-api.md.
 */
@Info({ title: 'AbsDeal', description: 'ABS deals and their lifecycle' })
export class AbsDealContract extends LedgerContract {
    constructor() {
        super('AbsDeal');
    }

    /** Creates a deal in STRUCTURING naming its holders. A bank only. Event `abs.deal.created`. */
    @Transaction()
    @Returns('string')
    async CreateDeal(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'create an ABS deal');
        return result(await createDeal(ctx, parseRequest(request, parseCreateDeal)));
    }

    /** Moves a deal along an issuer edge of the transition table. Event `abs.deal.transitioned`. */
    @Transaction()
    @Returns('string')
    async TransitionDeal(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, 'move an ABS deal');
        return result(await transitionDeal(ctx, parseRequest(request, parseTransitionDeal)));
    }

    /** Replaces the deal's holders. The issuer only. Event `abs.deal.investors-changed`. */
    @Transaction()
    @Returns('string')
    async SetInvestors(ctx: Context, request: string): Promise<string> {
        await requireIssuerRole(ctx, "change an ABS deal's holders");
        return result(await setInvestors(ctx, parseRequest(request, parseSetInvestors)));
    }

    /** Reads a deal. The deal's issuer and holders. */
    @Transaction(false)
    @Returns('string')
    async GetDeal(ctx: Context, request: string): Promise<string> {
        await requireRole(ctx, ABS_DEAL_ROLES, 'read an ABS deal');
        return result(await readDealAsParty(ctx, parseRequest(request, dealIdOf), 'read an ABS deal'));
    }

    /** Lists the deals the caller's organisation issued or holds, in ID order, one page at a time. */
    @Transaction(false)
    @Returns('string')
    async ListDeals(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, ABS_DEAL_ROLES, 'list ABS deals');
        const page = parseRequest(request, pageRequestOf);
        const entries = await readPage<{ dealId: string }>(
            ctx,
            { objectType: ABS_OBJECTS.memberDeal, attributes: [caller.mspId] },
            page,
        );
        const items: DealRecord[] = [];
        for (const entry of entries.items) {
            items.push(await readDeal(ctx, entry.dealId));
        }
        return result({ ...entries, items });
    }
}
