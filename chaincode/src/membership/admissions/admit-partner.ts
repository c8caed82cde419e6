import {
    ADMISSION_EVENTS,
    holdsRole,
    MEMBERSHIP_ERRORS,
    type AdmissionRecord,
    type AdmitResult,
} from '@lendledger/domain';
import { sha256 } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, txTime, writeJson } from '../../core/ledger-state.js';
import { type MemberCaller } from '../member-access.js';
import { admissionIndexKey, admissionKey } from './admission-keys.js';
import { type Admit } from './admission-request.js';

/**
 * Records the caller bank's admission of a platform, one admission per product. Each is its own write-once record;
 * renewing an admission is admitting again (the two may overlap), never rewriting the old one.
 *
 * @throws {@link ChaincodeError} PARTNER_ROLE_MISSING when the platform named does not hold the platform role;
 *   ADMISSION_WINDOW_INVALID when the window ends before it starts or before the transaction's time.
 */
export async function admitPartner(ctx: Context, caller: MemberCaller, request: Admit): Promise<AdmitResult> {
    if (!holdsRole(caller.registry, request.platform, 'platform')) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.PARTNER_ROLE_MISSING,
            `${request.platform} does not hold the platform role in the registry`,
            { field: 'platform', mspId: request.platform, role: 'platform' },
        );
    }
    const now = txTime(ctx);
    const validFrom = request.validFrom ?? now;
    if (request.validUntil <= validFrom || request.validUntil <= now) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.ADMISSION_WINDOW_INVALID,
            `validUntil ${request.validUntil} must be after validFrom ${validFrom} and after the transaction's time ${now}`,
            { field: 'validUntil', validFrom, validUntil: request.validUntil, time: now },
        );
    }
    const txId = ctx.stub.getTxID();
    const admissions: AdmissionRecord[] = request.products.map((product) => ({
        id: admissionIdOf(txId, product),
        bank: caller.mspId,
        platform: request.platform,
        product,
        validFrom,
        validUntil: request.validUntil,
        admittedAt: now,
        txId,
        admittedBy: caller.subject,
    }));
    for (const admission of admissions) {
        await writeJson(ctx, admissionKey(ctx, admission, admission.id), admission);
        await writeJson(ctx, admissionIndexKey(ctx, admission.id), {
            bank: admission.bank,
            platform: admission.platform,
            product: admission.product,
        });
    }
    emitEvent(ctx, ADMISSION_EVENTS.admitted, {
        bank: caller.mspId,
        platform: request.platform,
        txId,
        admissions: admissions.map(({ id, product, validFrom: from, validUntil }) => ({
            id,
            product,
            validFrom: from,
            validUntil,
        })),
    });
    return { admissions };
}

/** An admission's identifier: derived from its transaction and product, the same on every endorser. */
export function admissionIdOf(txId: string, product: string): string {
    const digest = Buffer.from(sha256(new TextEncoder().encode(`${txId}\n${product}`))).toString('hex');
    return `adm:${digest.slice(0, 32)}`;
}
