import { type DealRecord } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { requireOrganisation } from '../../core/caller.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf, readPage } from '../../core/page-reader.js';
import { parseRequest } from '../../core/request-fields.js';
import { ABS_ISSUERS, ABS_READERS } from '../access.js';
import { dealIdOf } from '../fields.js';
import { ABS_OBJECTS } from '../keys.js';
import { createDeal } from './create-deal.js';
import { parseCreateDeal } from './deal-request.js';
import { readDeal } from './deal-store.js';
import { parseTransitionDeal, transitionDeal } from './transition-deal.js';

/**
 * ABS deals: creation by the issuer, its state machine, and reads for the issuer and investors.
 * Request and response shapes: chaincode/docs/abs-api.md.
 */
@Info({ title: 'AbsDeal', description: 'ABS deals and their lifecycle' })
export class AbsDealContract extends LedgerContract {
    constructor() {
        super('AbsDeal');
    }

    /** Creates a deal in STRUCTURING. Issuer (BankMSP) only. Event `abs.deal.created`. */
    @Transaction()
    @Returns('string')
    async CreateDeal(ctx: Context, request: string): Promise<string> {
        requireOrganisation(ctx, ABS_ISSUERS, 'create an ABS deal');
        return result(await createDeal(ctx, parseRequest(request, parseCreateDeal)));
    }

    /** Moves a deal along an issuer edge of the transition table. Event `abs.deal.transitioned`. */
    @Transaction()
    @Returns('string')
    async TransitionDeal(ctx: Context, request: string): Promise<string> {
        requireOrganisation(ctx, ABS_ISSUERS, 'move an ABS deal');
        return result(await transitionDeal(ctx, parseRequest(request, parseTransitionDeal)));
    }

    /** Reads a deal. BankMSP and InvestorMSP. */
    @Transaction(false)
    @Returns('string')
    async GetDeal(ctx: Context, request: string): Promise<string> {
        requireOrganisation(ctx, ABS_READERS, 'read an ABS deal');
        return result(await readDeal(ctx, parseRequest(request, dealIdOf)));
    }

    /** Lists deals in ID order, one page at a time. BankMSP and InvestorMSP. */
    @Transaction(false)
    @Returns('string')
    async ListDeals(ctx: Context, request: string): Promise<string> {
        requireOrganisation(ctx, ABS_READERS, 'list ABS deals');
        const page = parseRequest(request, pageRequestOf);
        return result(await readPage<DealRecord>(ctx, { objectType: ABS_OBJECTS.deal, attributes: [] }, page));
    }
}
