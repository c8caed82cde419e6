import { WITNESS_READ_FUNCTION } from '@lendledger/domain';
import { FabricDecodeError, witnessEnvelopeOf } from '@lendledger/verifier';
import { type ConcurrencyLimiter } from '../fabric/concurrency-limiter.js';
import { type LedgerClient } from '../fabric/ledger-client.js';
import { ChaincodeRejectedError, EndorserUnreachableError } from '../fabric/ledger-errors.js';
import { ProblemError } from '../errors/problem-error.js';

/** What {@link ValidityWitnesses} endorses with, and whom it asks. */
export interface ValidityWitnessOptions {
    readonly ledger: Pick<LedgerClient, 'endorse'>;
    /** Witnesses are reads: they share the evaluation concurrency limit. */
    readonly evaluates: Pick<ConcurrencyLimiter, 'run'>;
    /** The gateway's own organisation, always asked first. */
    readonly mspId: string;
    /** The member organisations whose peers may witness. */
    readonly organizations: readonly string[];
    /** Distinct organisations a witness needs: the endorsement policy's `n`, the verifier's rule. */
    readonly quorum: number;
    /** Witnesses kept for reuse, by key; the oldest is dropped past this many. */
    readonly remembered?: number;
}

const DEFAULT_REMEMBERED = 10_000;

/**
 * Validity witnesses for receipts: `Witness:Read` of the written key, endorsed by peers of `quorum` organisations
 * (the own one first) and never submitted. Each endorser signs the read set holding the key's committed version, so
 * the verifier learns from signatures, not from the serving peer's unsigned flag, that the writing transaction
 * committed valid. Receipt keys are written once (records and anchors are never overwritten), so one witness serves
 * every receipt of a key, whoever asks: receipts of one anchor share it.
 */
export class ValidityWitnesses {
    readonly #options: Readonly<ValidityWitnessOptions>;
    readonly #others: readonly string[];
    readonly #remembered = new Map<string, Promise<Uint8Array>>();
    /** Rotates the other organisations asked, to spread the extra endorsements. */
    #turn = 0;

    constructor(options: Readonly<ValidityWitnessOptions>) {
        this.#options = options;
        this.#others = options.organizations.filter((organization) => organization !== options.mspId);
    }

    /**
     * The serialized transaction envelope witnessing `key`, endorsed as `identity`.
     *
     * @throws {@link ProblemError} RECEIPT_UNAVAILABLE when the chaincode refuses the read or the endorsement is not
     *   a transaction; {@link EndorserUnreachableError} when too few organisations can endorse; other ledger errors.
     */
    witness(identity: string, key: string): Promise<Uint8Array> {
        const known = this.#remembered.get(key);
        if (known !== undefined) {
            return known;
        }
        const made = this.#endorse(identity, key);
        this.#remember(key, made);
        // A failure is not kept: the next receipt of the key asks again.
        made.catch(() => this.#remembered.get(key) === made && this.#remembered.delete(key));
        return made;
    }

    #remember(key: string, witness: Promise<Uint8Array>): void {
        this.#remembered.set(key, witness);
        const limit = this.#options.remembered ?? DEFAULT_REMEMBERED;
        for (const oldest of this.#remembered.keys()) {
            if (this.#remembered.size <= limit) {
                break;
            }
            this.#remembered.delete(oldest);
        }
    }

    /** Own organisation first, then others in turn; an organisation whose peer cannot run the chaincode is skipped. */
    async #endorse(identity: string, key: string): Promise<Uint8Array> {
        const { quorum, mspId, evaluates, ledger } = this.#options;
        const start = this.#turn++ % Math.max(this.#others.length, 1);
        let candidates = [mspId, ...this.#others.slice(start), ...this.#others.slice(0, start)];
        for (;;) {
            const chosen = candidates.slice(0, quorum);
            try {
                const endorsed = await evaluates.run(() =>
                    ledger.endorse({
                        identity,
                        name: WITNESS_READ_FUNCTION,
                        args: [key],
                        endorsingOrganizations: chosen,
                    }),
                );
                return witnessEnvelopeOf(endorsed.envelope);
            } catch (error) {
                const failed = error instanceof EndorserUnreachableError ? error.organizations : [];
                const remaining = candidates.filter((organization) => !failed.includes(organization));
                if (failed.length === 0 || remaining.length === candidates.length || remaining.length < quorum) {
                    throw unavailable(error);
                }
                candidates = remaining;
            }
        }
    }
}

/** A refusal or an unreadable endorsement is the gateway's failure to build a receipt, not the caller's request. */
function unavailable(error: unknown): unknown {
    if (error instanceof ChaincodeRejectedError) {
        return new ProblemError('RECEIPT_UNAVAILABLE', `no validity witness: the chaincode refused (${error.code})`, {
            cause: error,
        });
    }
    if (error instanceof FabricDecodeError) {
        return new ProblemError('RECEIPT_UNAVAILABLE', `no validity witness: ${error.message}`, { cause: error });
    }
    return error;
}
