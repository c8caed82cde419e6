import { type Context } from 'fabric-contract-api';

/**
 * World-state keys of the consent area (LevelDB composite keys, so every query is a key range):
 * the consent itself, its uses in order, an index by subject, and the uses by grantee in time order.
 */
export const consentKey = (ctx: Context, consentId: string): string =>
    ctx.stub.createCompositeKey('consent', [consentId]);

export const consentUseKey = (ctx: Context, consentId: string, useNo: number): string =>
    ctx.stub.createCompositeKey('consent.use', [consentId, String(useNo).padStart(6, '0')]);

export const subjectIndexKey = (ctx: Context, subject: string, consentId: string): string =>
    ctx.stub.createCompositeKey('consent.subject', [subject, consentId]);

/**
 * Uses of one grantee in time order. A simple key, not a composite one, because Fabric allows time-bounded range
 * queries (getStateByRange) only over simple keys; ISO-8601 times of one length sort as they compare.
 */
export const granteeUseKey = (grantee: string, time: string, txId: string): string =>
    `consent-use:${grantee}:${time}:${txId}`;

/** The first key of a grantee's uses at or after `time`. */
export const granteeUseRangeKey = (grantee: string, time: string): string => `consent-use:${grantee}:${time}`;

/**
 * A loan's subject, bound by the credit-authorization record that gave the loan a current authorization, deleted when
 * a withdrawal leaves it none.
 */
export const loanSubjectKey = (ctx: Context, loanRef: string): string =>
    ctx.stub.createCompositeKey('loan.subject', [loanRef]);

/** A consent cited by one credit-authorization record of a loan (a binding entry, which spends no use), written once. */
export const consentBindingKey = (ctx: Context, consentId: string, loanRef: string, recordId: string): string =>
    ctx.stub.createCompositeKey('consent.binding', [consentId, loanRef, recordId]);

/**
 * Uses naming a loan, by loan, purpose and grantee, so that a disbursement finds the bank's credit inquiry on its
 * loan with one short range read; a key of its own per use, so concurrent uses never conflict.
 */
export const loanUseKey = (ctx: Context, loanRef: string, purpose: string, grantee: string, txId: string): string =>
    ctx.stub.createCompositeKey('consent.loan-use', [loanRef, purpose, grantee, txId]);
