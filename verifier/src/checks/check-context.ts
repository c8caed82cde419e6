import { sha256 } from '../crypto/sha256.js';
import { type SerializedIdentity } from '../decode/identity.js';
import { type ConsortiumPolicy } from '../policy.js';
import { type DecodedEvidence } from '../receipt/decode-receipt.js';
import { type Receipt } from '../receipt/receipt.js';
import { type IdentityVerdict } from '../roots/identity-verdict.js';
import { type TrustStore } from '../roots/trust-store.js';
import { evidenceTimeOf } from './evidence-time.js';

/** Everything the checks of one receipt share: the decoded bytes, the trust anchors and the policy. */
export class CheckContext {
    readonly receipt: Receipt;
    readonly evidence: DecodedEvidence;
    readonly trust: TrustStore;
    readonly policy: ConsortiumPolicy;
    /** When the transaction says it was signed; certificates must have been valid then. */
    readonly signingTime: Date;
    /**
     * The block's time according to a trusted TSA (the token's genTime), once `trusted-time` has verified the
     * receipt's token: it runs before the other checks. `undefined` when the token is missing or did not verify.
     * Checks that need the evidence's time read it through {@link evidenceTimeOf}, which says which time it is.
     */
    trustedTime: Date | undefined;
    readonly #identities = new Map<string, { role: string; verdict: Promise<IdentityVerdict> }>();

    constructor(receipt: Receipt, evidence: DecodedEvidence, trust: TrustStore, policy: ConsortiumPolicy) {
        this.receipt = receipt;
        this.evidence = evidence;
        this.trust = trust;
        this.policy = policy;
        this.signingTime = new Date(evidence.transaction.time ?? Number.NaN);
    }

    /**
     * Validates an identity against the roots once per receipt, remembering it (and the part it played) for the
     * `certificate-chains` check.
     */
    identity(identity: SerializedIdentity, role: string): Promise<IdentityVerdict> {
        const known = this.#identities.get(identity.key);
        if (known !== undefined) {
            return known.verdict;
        }
        const verdict = this.trust.validate(identity, this.signingTime, evidenceTimeOf(this).at);
        this.#identities.set(identity.key, { role, verdict });
        return verdict;
    }

    /** SHA-256 with the verifier's implementation when it has one. */
    sha256(...parts: readonly Uint8Array[]): Uint8Array {
        return this.trust.verifier.sha256 ? this.trust.verifier.sha256(...parts) : sha256(...parts);
    }

    /** Every identity validated so far, with the part it played (creator, endorser, orderer). */
    async identities(): Promise<{ role: string; verdict: IdentityVerdict }[]> {
        return Promise.all(
            [...this.#identities.values()].map(async ({ role, verdict }) => ({ role, verdict: await verdict })),
        );
    }
}
