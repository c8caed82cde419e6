import { ApiError } from '../common/api.ts';

/** A refusal of the visitor's input, with the stable code the page shows. */
export class VerifyInputError extends Error {
    readonly code: string;

    constructor(
        code:
            | 'BAD_SALT'
            | 'BAD_FINGERPRINT'
            | 'BAD_SEALED_BATCH'
            | 'NOT_JSON'
            | 'UNKNOWN_FILE'
            | 'NO_ROOTS'
            | 'SEVERAL_FILES'
            | 'ROOTS_PIN_MISMATCH',
        detail: string,
    ) {
        super(detail);
        this.name = 'VerifyInputError';
        this.code = code;
    }
}

/** Codes the page explains in words of its own; any other is shown with the general message and its detail. */
const EXPLAINED = new Set([
    'PUBLIC_RECEIPT_NOT_FOUND',
    'PUBLIC_LOOKUP_DISABLED',
    'RATE_LIMITED',
    'NETWORK',
    'NOT_JSON',
    'UNKNOWN_FILE',
    'BAD_SALT',
    'BAD_FINGERPRINT',
    'BAD_SEALED_BATCH',
    'NO_ROOTS',
    'SEVERAL_FILES',
    'ROOTS_PIN_MISMATCH',
]);

/** An error as the page shows it: which message, the stable code, and the detail behind it. */
export interface ShownError {
    readonly message:
        | 'error.PUBLIC_RECEIPT_NOT_FOUND'
        | 'error.PUBLIC_LOOKUP_DISABLED'
        | 'error.RATE_LIMITED'
        | 'error.NETWORK'
        | 'error.NOT_JSON'
        | 'error.UNKNOWN_FILE'
        | 'error.BAD_SALT'
        | 'error.BAD_FINGERPRINT'
        | 'error.BAD_SEALED_BATCH'
        | 'error.NO_ROOTS'
        | 'error.SEVERAL_FILES'
        | 'error.ROOTS_PIN_MISMATCH'
        | 'error.ROOTS'
        | 'error.OTHER';
    readonly code: string;
    readonly detail: string;
}

/**
 * Sorts any failure into what the page says: the gateway's problem codes, the verifier's roots codes (ROOTS_*),
 * the page's own input codes, and a fetch that never reached the gateway (NETWORK).
 */
export function shownError(error: unknown): ShownError {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof TypeError && /fetch|network/i.test(detail)) {
        return { message: 'error.NETWORK', code: 'NETWORK', detail };
    }
    const code =
        error instanceof ApiError
            ? error.code
            : typeof (error as { code?: unknown } | null)?.code === 'string'
              ? (error as { code: string }).code
              : 'UNEXPECTED';
    if (EXPLAINED.has(code)) {
        return { message: `error.${code}` as ShownError['message'], code, detail };
    }
    if (code.startsWith('ROOTS_')) {
        return { message: 'error.ROOTS', code, detail };
    }
    return { message: 'error.OTHER', code, detail };
}
