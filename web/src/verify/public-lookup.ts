import { ApiError, apiRaw } from '../common/api.ts';

/** A receipt as the public look-up answered it: the exact text (what a download keeps) and its JSON. */
export interface FetchedReceipt {
    readonly text: string;
    readonly json: unknown;
}

/** The roots bundle as the gateway served it, and the pin it announced (`Roots-Body-SHA256`). */
export interface FetchedRoots {
    readonly text: string;
    readonly servedPin: string | undefined;
}

/**
 * The receipt of a fingerprint from this gateway's public look-up (no sign-in).
 *
 * @throws {@link ApiError} PUBLIC_RECEIPT_NOT_FOUND when the gateway can give none, RATE_LIMITED, PUBLIC_LOOKUP_DISABLED.
 */
export async function fetchPublicReceipt(fingerprint: string, sealedBatch?: string): Promise<FetchedReceipt> {
    const query = sealedBatch ? `?sealedBatch=${encodeURIComponent(sealedBatch)}` : '';
    const response = await apiRaw(`/public/v1/fingerprints/${encodeURIComponent(fingerprint)}/receipt${query}`, {
        anonymous: true,
    });
    const text = await response.text();
    try {
        return { text, json: JSON.parse(text) as unknown };
    } catch {
        throw new ApiError(response.status, { code: 'RECEIPT_NOT_JSON', detail: 'the answer is not JSON' });
    }
}

/** The roots bundle this gateway trusts, from its public route, with the pin it announces. */
export async function fetchPublicRoots(): Promise<FetchedRoots> {
    const response = await apiRaw('/public/v1/roots', { anonymous: true });
    const servedPin = response.headers.get('roots-body-sha256') ?? undefined;
    return { text: await response.text(), servedPin };
}
