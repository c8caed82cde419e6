import { COMMON_ERRORS, CONSENT_EVENTS, type ConsentRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { emitEvent, txTime, writeJson } from '../core/ledger-state.js';
import { requireCollector } from './consent-access.js';
import { consentKey } from './consent-keys.js';
import { type Withdrawal } from './consent-request.js';
import { requireConsent } from './consent-store.js';

/**
 * Withdraws an ACTIVE consent at the subject's request; only its collector may. Uses before it stay valid.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND, CONSENT_NOT_COLLECTOR or INVALID_STATE.
 */
export async function withdrawConsent(
    ctx: Context,
    caller: Caller,
    request: Withdrawal,
): Promise<{ consent: ConsentRecord }> {
    const consent = await requireConsent(ctx, request.consentId);
    requireCollector(caller, consent);
    if (consent.status !== 'ACTIVE') {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_STATE, `consent ${consent.consentId} is ${consent.status}`, {
            consentId: consent.consentId,
            status: consent.status,
        });
    }
    const now = txTime(ctx);
    const updated: ConsentRecord = {
        ...consent,
        status: 'WITHDRAWN',
        withdrawal: { reasonCode: request.reasonCode, time: now, by: { mspId: caller.mspId, subject: caller.subject } },
        updatedAt: now,
    };
    await writeJson(ctx, consentKey(ctx, consent.consentId), updated);
    emitEvent(ctx, CONSENT_EVENTS.withdrawn, {
        consentId: consent.consentId,
        reasonCode: request.reasonCode,
        txId: ctx.stub.getTxID(),
    });
    return { consent: updated };
}
