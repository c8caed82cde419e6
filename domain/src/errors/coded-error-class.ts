/**
 * The one shape of every error class LendLedger throws on purpose, after fabric-gateway's errors: `name` is the
 * class's own name, so a log line or a serialised error says which failure it was; `code` is stable and
 * machine-readable, so callers branch on it and never on the message; the subclass's own readonly fields carry the
 * data needed to act (a field path, a transaction ID, a block number); and a wrapped failure rides as the standard
 * `cause`. The chaincode's `ChaincodeError`, the domain's format errors, the verifier's errors and the gateway's
 * `ProblemError` all extend it.
 *
 * Codes of one vocabulary never reuse another's for a different meaning: gateway/src/errors/problem-codes.test.ts
 * holds the gateway's problem codes and the chaincode catalogue apart.
 */
export abstract class CodedError extends Error {
    /** Stable, machine-readable, upper snake case; never changes meaning once released. */
    readonly code: string;

    protected constructor(code: string, message: string, options?: ErrorOptions) {
        super(message, options);
        this.name = new.target.name;
        this.code = code;
    }
}
