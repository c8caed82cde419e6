import {
    ABS_ERRORS,
    ABS_EVENTS,
    DEAL_STATUSES,
    type DealRecord,
    type DealStatus,
    issuerTargets,
    type PoolRecord,
    type TransitionDealRequest,
    transitionActor,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitAbsEvent } from '../events.js';
import { type Fields, oneOf } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { dealIdOf, optionalCodeOf, optionalFingerprintOf } from '../fields.js';
import { readPool } from '../pool/pool-store.js';
import { readDeal, writeDeal } from './deal-store.js';
import { movedDeal } from './deal-status.js';

/** Parses a TransitionDeal request. */
export function parseTransitionDeal(fields: Fields): TransitionDealRequest {
    const reasonCode = optionalCodeOf(fields, 'reasonCode');
    const evidence = optionalFingerprintOf(fields, 'evidence');
    return {
        dealId: dealIdOf(fields),
        to: oneOf(fields, 'to', DEAL_STATUSES),
        ...(reasonCode === undefined ? {} : { reasonCode }),
        ...(evidence === undefined ? {} : { evidence }),
    };
}

/**
 * Moves a deal along an issuer edge of the transition table, after checking the edge's guard.
 *
 * @throws ChaincodeError ABS_TRANSITION_NOT_ALLOWED (no such issuer edge: illegal, or taken only by the cut-off
 * or a trigger), ABS_TRANSITION_GUARD (edge allowed, condition unmet), ACCESS_DENIED / ABS_NOT_ISSUER.
 */
export async function transitionDeal(ctx: Context, request: TransitionDealRequest): Promise<DealRecord> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'move an ABS deal');
    const actor = transitionActor(deal.status, request.to);
    if (actor !== 'ISSUER') {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_TRANSITION_NOT_ALLOWED,
            `deal ${deal.dealId} may not move from ${deal.status} to ${request.to} by the issuer`,
            {
                allowed: issuerTargets(deal.status),
                dealId: deal.dealId,
                from: deal.status,
                onlyBy: actor ?? null,
                to: request.to,
            },
        );
    }
    await checkGuard(ctx, deal, request.to);
    const moved = movedDeal(ctx, deal, request.to, 'ISSUER', {
        ...(request.reasonCode === undefined ? {} : { reasonCode: request.reasonCode }),
        ...(request.evidence === undefined ? {} : { evidence: request.evidence }),
    });
    await writeDeal(ctx, moved);
    emitAbsEvent(ctx, ABS_EVENTS.dealTransitioned, {
        cause: 'ISSUER',
        dealId: deal.dealId,
        from: deal.status,
        to: request.to,
        txId: moved.txId,
    });
    return moved;
}

/** The conditions of the issuer edges that depend on the deal and its pool. */
async function checkGuard(ctx: Context, deal: DealRecord, to: DealStatus): Promise<void> {
    if (to === 'REVOLVING' && !deal.revolving) {
        throw guard(deal, to, 'only a revolving deal has a revolving period', { revolving: 'false' });
    }
    if (to === 'AMORTISING' && deal.status === 'ISSUED' && deal.revolving) {
        throw guard(deal, to, 'a revolving deal starts with its revolving period', { revolving: 'true' });
    }
    if (to === 'CLEAN_UP') {
        checkCleanUp(deal, await readPool(ctx, deal.dealId));
    }
    if (to === 'CLOSED') {
        checkClosable(deal, await readPool(ctx, deal.dealId));
    }
}

/** Clean-up needs a closed period whose pool factor is at or below the deal's clean-up threshold. */
function checkCleanUp(deal: DealRecord, pool: PoolRecord): void {
    const threshold = deal.definitions.cleanUpThresholdPpm;
    if (pool.lastClosedPeriod === 0 || pool.latestPoolFactorPpm > threshold) {
        throw guard(deal, 'CLEAN_UP', 'the latest pool factor is above the clean-up threshold', {
            cleanUpThresholdPpm: threshold,
            lastClosedPeriod: pool.lastClosedPeriod,
            poolFactorPpm: pool.latestPoolFactorPpm,
        });
    }
}

/** A deal closes only once its pool is empty and no period is open. */
function checkClosable(deal: DealRecord, pool: PoolRecord): void {
    if (pool.openPeriod !== 0 || pool.currentBalance !== 0) {
        throw guard(deal, 'CLOSED', 'a deal closes only with an empty pool and no open period', {
            currentBalance: pool.currentBalance,
            openPeriod: pool.openPeriod,
        });
    }
}

function guard(
    deal: DealRecord,
    to: DealStatus,
    message: string,
    details: Record<string, string | number>,
): ChaincodeError {
    return new ChaincodeError(ABS_ERRORS.ABS_TRANSITION_GUARD, `deal ${deal.dealId} cannot move to ${to}: ${message}`, {
        dealId: deal.dealId,
        from: deal.status,
        to,
        ...details,
    });
}
