import { vi } from 'vitest';
import { type AuthorizingConsent } from '../consent/consent-in-force.js';

/**
 * The consent seam (consent/consent-in-force.ts) as the evidence area's own tests stub it: every consent cited is
 * accepted, binding writes nothing, and every disbursement finds its bank's credit inquiry. Tests of the evidence
 * rules mock the module with it, so a new export of the seam is stubbed here once, not in every test:
 *
 * ```ts
 * vi.mock('../../consent/consent-in-force.js', async () =>
 *     (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
 * );
 * ```
 */
export function passingConsentSeam(): Record<string, unknown> {
    return {
        requireAuthorizingConsent: vi.fn(async (_ctx: unknown, consentId: string): Promise<AuthorizingConsent> => ({
            consent: { consentId } as AuthorizingConsent['consent'],
            bound: undefined,
        })),
        bindAuthorizingConsent: vi.fn(async () => undefined),
        requireCreditInquiry: vi.fn(async () => undefined),
        releaseAfterWithdrawal: vi.fn(async () => undefined),
    };
}
