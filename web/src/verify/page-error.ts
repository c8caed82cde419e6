import { ApiError } from '../common/api.ts';

/** The page's own codes for a refusal of the visitor's input. */
const INPUT_CODES = [
    'BAD_SALT',
    'BAD_FINGERPRINT',
    'BAD_SEALED_BATCH',
    'NOT_JSON',
    'UNKNOWN_FILE',
    'NO_ROOTS',
    'SEVERAL_FILES',
    'ROOTS_PIN_MISMATCH',
] as const;
type InputCode = (typeof INPUT_CODES)[number];

/** A refusal of the visitor's input, with the stable code the page shows. */
export class VerifyInputError extends Error {
    readonly code: string;

    constructor(code: InputCode, detail: string) {
        super(detail);
        this.name = 'VerifyInputError';
        this.code = code;
    }
}

/** Codes the page explains in words of its own; any other is shown with the general message and its detail. */
const EXPLAINED_CODES = [
    'PUBLIC_RECEIPT_NOT_FOUND',
    'PUBLIC_LOOKUP_DISABLED',
    'RATE_LIMITED',
    'NETWORK',
    ...INPUT_CODES,
] as const;
const EXPLAINED: ReadonlySet<string> = new Set(EXPLAINED_CODES);

/** The message keys an error is shown with: one per explained code, the roots' general one, and the catch-all. */
export type ErrorMessageKey = `error.${(typeof EXPLAINED_CODES)[number]}` | 'error.ROOTS' | 'error.OTHER';

/** An error as the page shows it: which message, the stable code, and the detail behind it. */
export interface ShownError {
    readonly message: ErrorMessageKey;
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
        return { message: `error.${code}` as ErrorMessageKey, code, detail };
    }
    if (code.startsWith('ROOTS_')) {
        return { message: 'error.ROOTS', code, detail };
    }
    return { message: 'error.OTHER', code, detail };
}
