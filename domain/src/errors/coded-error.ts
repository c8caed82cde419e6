import { canonicalJson, type CanonicalValue } from '../canonical-json.js';

/** Fields that let a caller act on an error: the offending key, the expected value, the index in a batch... */
export type ErrorDetails = Readonly<Record<string, CanonicalValue | undefined>>;

/** The machine-readable body a chaincode error carries in its message. */
export interface CodedErrorBody {
    readonly code: string;
    readonly message: string;
    readonly details: ErrorDetails;
}

const MARKER = '{"code":';

/**
 * Encodes an error body as the chaincode error message: canonical JSON, so a person reads it in a log and a
 * gateway parses it without guessing.
 */
export function encodeCodedError(body: CodedErrorBody): string {
    return canonicalJson(body);
}

/**
 * Finds and parses a coded error body inside any text, such as a Fabric endorsement error
 * ("chaincode response 500, {...}").
 *
 * @returns the body, or `undefined` if the text holds none.
 */
export function decodeCodedError(text: string): CodedErrorBody | undefined {
    const start = text.indexOf(MARKER);
    if (start < 0) {
        return undefined;
    }
    const end = text.lastIndexOf('}');
    if (end < start) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(text.slice(start, end + 1));
        if (isCodedErrorBody(parsed)) {
            return parsed;
        }
    } catch {
        // Not our envelope after all; the caller treats the error as uncoded.
    }
    return undefined;
}

function isCodedErrorBody(value: unknown): value is CodedErrorBody {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const candidate = value as Record<string, unknown>;
    return (
        typeof candidate.code === 'string' &&
        typeof candidate.message === 'string' &&
        typeof candidate.details === 'object' &&
        candidate.details !== null
    );
}
