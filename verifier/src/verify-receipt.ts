import { CheckContext } from './checks/check-context.js';
import { CHECK_NAMES, fail, pass, type CheckName, type CheckResult } from './checks/check-result.js';
import { checkCertificateChains } from './checks/certificate-chains.js';
import { checkChaincode, checkChannel } from './checks/channel-and-chaincode.js';
import { checkCreatorSignature } from './checks/creator-signature.js';
import { checkDocumentHash, type PresentedDocument } from './checks/document-hash.js';
import { checkEndorsementPolicy, checkEndorsementSignatures } from './checks/endorsements.js';
import { checkFingerprintWritten } from './checks/fingerprint-written.js';
import { checkInclusionProof, notAnchored } from './checks/inclusion-proof.js';
import { checkOrdererSignature } from './checks/orderer-signature.js';
import { checkBlockDataHash, checkTransactionInBlock, checkValidationFlag } from './checks/block-checks.js';
import { checkSummary } from './checks/summary.js';
import { checkTransactionId } from './checks/transaction-id.js';
import { checkValidityWitness } from './checks/validity-witness.js';
import { checkTrustedTime } from './checks/trusted-time.js';
import { type SignatureVerifier } from './crypto/signature-verifier.js';
import { type ConsortiumPolicy } from './policy.js';
import { decodeReceiptEvidence, type DecodedEvidence } from './receipt/decode-receipt.js';
import { parseReceipt } from './receipt/parse-receipt.js';
import { type Receipt } from './receipt/receipt.js';
import { type RootsBundle } from './roots/roots-bundle.js';
import { TrustStore } from './roots/trust-store.js';
import { trustStoreFor } from './roots/trust-store-factory.js';

/** How to verify a receipt. */
export interface VerifyReceiptOptions {
    /** The consortium's roots: a bundle, or a trust store reused across calls. */
    readonly roots: RootsBundle | TrustStore;
    /** The document the fingerprint is claimed to be of; without it `document-hash` is skipped. */
    readonly document?: Uint8Array;
    /** The salt its owner prepended before hashing. */
    readonly salt?: Uint8Array;
    /** What the consortium agreed; by default what the roots bundle states. */
    readonly policy?: ConsortiumPolicy;
    /** ECDSA implementation; WebCrypto (or pure JS where absent) by default. Ignored when `roots` is a store. */
    readonly signatureVerifier?: SignatureVerifier;
}

/** The outcome of verifying one receipt: every check, and `ok` when none failed. */
export interface VerificationResult {
    readonly ok: boolean;
    readonly fingerprint: string | undefined;
    readonly transactionId: string | undefined;
    readonly checks: readonly CheckResult[];
}

type DecodedCheck = (ctx: CheckContext) => CheckResult | Promise<CheckResult>;

// The certificate-chains check is absent: it reads what the signature checks gathered, so it runs after them.
const DECODED_CHECKS: readonly DecodedCheck[] = [
    checkInclusionProof,
    checkFingerprintWritten,
    checkTransactionId,
    checkCreatorSignature,
    checkEndorsementSignatures,
    checkEndorsementPolicy,
    checkTransactionInBlock,
    checkBlockDataHash,
    checkValidationFlag,
    checkValidityWitness,
    checkOrdererSignature,
    checkChannel,
    checkChaincode,
    checkSummary,
];

/**
 * Verifies a receipt offline against the consortium's roots. Never throws for a bad receipt: every problem is a
 * failed check with its reason.
 *
 * @param receipt - the parsed JSON of a receipt.
 * @throws {@link RootsBundleError} only when `roots` is a bundle holding an unreadable certificate.
 * @example
 * const result = await verifyReceipt(JSON.parse(text), { roots: parseRootsBundle(rootsText) });
 * if (!result.ok) console.log(result.checks.filter((c) => c.status === 'fail'));
 */
export async function verifyReceipt(receipt: unknown, options: VerifyReceiptOptions): Promise<VerificationResult> {
    const trust =
        options.roots instanceof TrustStore ? options.roots : trustStoreFor(options.roots, options.signatureVerifier);
    const policy = options.policy ?? trust.policy;
    const decoded = decode(receipt);
    const presented: PresentedDocument | undefined =
        options.document === undefined
            ? undefined
            : { document: options.document, ...(options.salt ? { salt: options.salt } : {}) };
    const early: CheckResult[] = [decoded.format];
    if (decoded.receipt !== undefined) {
        early.push(checkDocumentHash(decoded.receipt.fingerprint, presented));
        if (decoded.receipt.anchor === undefined) {
            early.push(notAnchored());
        }
    }
    let later: CheckResult[] = [];
    if (decoded.receipt !== undefined && decoded.evidence !== undefined) {
        const ctx = new CheckContext(decoded.receipt, decoded.evidence, trust, policy);
        // First: the checks that need the evidence's time read the genTime it verifies.
        const trustedTime = await checkTrustedTime(ctx);
        later = await Promise.all(DECODED_CHECKS.map((check) => check(ctx)));
        later.push(await checkCertificateChains(ctx), trustedTime);
    }
    const checks = complete([...early, ...later]);
    return {
        ok: checks.every((c) => c.status !== 'fail'),
        fingerprint: decoded.receipt?.fingerprint,
        transactionId: decoded.receipt?.transaction.id,
        checks,
    };
}

interface Decoded {
    readonly format: CheckResult;
    readonly receipt?: Receipt;
    readonly evidence?: DecodedEvidence;
}

function decode(value: unknown): Decoded {
    let receipt: Receipt | undefined;
    try {
        receipt = parseReceipt(value);
        const evidence = decodeReceiptEvidence(receipt.block.bytes, receipt.transaction.index);
        if (evidence.transaction.time === undefined) {
            return { format: fail('receipt-format', 'the transaction has no timestamp'), receipt };
        }
        return {
            format: pass('receipt-format', `${receipt.format}, block ${evidence.block.number} decoded`),
            receipt,
            evidence,
        };
    } catch (error) {
        return { format: fail('receipt-format', (error as Error).message), ...(receipt ? { receipt } : {}) };
    }
}

/** Every check in the documented order; those that could not run fail as "not checked". */
function complete(results: readonly CheckResult[]): CheckResult[] {
    const byName = new Map<CheckName, CheckResult>(results.map((r) => [r.name, r]));
    return CHECK_NAMES.map((name) => byName.get(name) ?? fail(name, 'not checked: the receipt could not be decoded'));
}
