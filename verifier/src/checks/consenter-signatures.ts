import { bftQuorum, type ConsortiumConsenter } from '@lendledger/domain';
import { verifyFabricSignature } from '../crypto/fabric-signature.js';
import { type BlockSignature } from '../decode/block-metadata.js';
import { blockHeaderBytes } from '../decode/block-header-bytes.js';
import { consenterIdentity, type SerializedIdentity } from '../decode/identity.js';
import { bytesEqual, concatBytes, fromUtf8 } from '../encoding/bytes.js';
import { certificateOfIdentity } from '../roots/identity-certificate.js';
import { commonName } from '../x509/certificate.js';
import { pemCertificates } from '../x509/pem.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/** One block signature judged against the consenter set: whose it is, and whether it counts. */
type Outcome =
    | { readonly counts: true; readonly consenter: ConsortiumConsenter; readonly text: string }
    | { readonly counts: false; readonly text: string };

/**
 * `orderer-signature` under BFT (SmartBFT): the block is genuine only when a quorum of DISTINCT consenters of the
 * roots bundle's set signed it, as the channel's BlockValidation policy `NOutOf(quorum, SignedBy(consenter)…)`
 * demands. A signature counts when its signer is a consenter (named by number in an identifier header, or by a
 * signature header carrying exactly a consenter's registered identity), that identity chains to its organisation's
 * roots with the orderer role, and the signature verifies over value ‖ header-it-carries ‖ DER block header
 * (`protoutil.BlockSignatureVerifier`). The set comes from the signed bundle, never from the block.
 */
export async function checkConsenterSignatures(
    ctx: CheckContext,
    consenters: readonly ConsortiumConsenter[],
): Promise<CheckResult> {
    if (consenters.length === 0) {
        // A set of none has no quorum; a policy handed to verifyReceipt directly skips the bundle parser's refusal.
        return fail('orderer-signature', 'the BFT consenter set is empty, so no block can reach a quorum');
    }
    const { signatures, block } = ctx.evidence;
    const quorum = bftQuorum(consenters.length);
    const header = blockHeaderBytes(block);
    const outcomes = await Promise.all(
        signatures.signatures.map((s) => judge(ctx, consenters, s, signatures.value, header)),
    );
    const counted = new Map<number, string>();
    const refused: string[] = [];
    for (const outcome of outcomes) {
        if (!outcome.counts) {
            refused.push(outcome.text);
        } else if (counted.has(outcome.consenter.id)) {
            // Fabric's policy counts identities, not signatures: a consenter signing twice is still one consenter.
            refused.push(`${outcome.text} again, which counts once`);
        } else {
            counted.set(outcome.consenter.id, outcome.text);
        }
    }
    const signers = [...counted.values()].join(', ') || 'none';
    const head = `${counted.size} of ${consenters.length} consenters signed (quorum ${quorum}): ${signers}`;
    const text = refused.length === 0 ? head : `${head}; not counted: ${refused.join('; ')}`;
    return counted.size >= quorum ? pass('orderer-signature', text) : fail('orderer-signature', text);
}

async function judge(
    ctx: CheckContext,
    consenters: readonly ConsortiumConsenter[],
    entry: BlockSignature,
    value: Uint8Array,
    header: Uint8Array,
): Promise<Outcome> {
    if (entry.consenterId !== undefined) {
        const consenter = consenters.find((c) => c.id === entry.consenterId);
        if (consenter === undefined) {
            return {
                counts: false,
                text: `a signature names consenter #${entry.consenterId}, who is not in the roots bundle's consenter set`,
            };
        }
        const identity = consenterIdentity(consenter.mspId, consenter.identity);
        return judgeSigner(ctx, consenter, identity, concatBytes(value, entry.identifierHeader, header), entry);
    }
    if (entry.signer === undefined) {
        return { counts: false, text: 'a signature names no signer' };
    }
    const consenter = consenterOf(consenters, entry.signer);
    if (consenter === undefined) {
        // Not validated against the roots: it counts for nothing whoever it is, so its chain is nobody's concern.
        const certificate = certificateOfIdentity(entry.signer);
        const subject = certificate instanceof Error ? '(unreadable certificate)' : commonName(certificate);
        return { counts: false, text: `${subject} (${entry.signer.mspId}) signed but is not a consenter` };
    }
    return judgeSigner(ctx, consenter, entry.signer, concatBytes(value, entry.signatureHeader, header), entry);
}

async function judgeSigner(
    ctx: CheckContext,
    consenter: ConsortiumConsenter,
    identity: SerializedIdentity,
    message: Uint8Array,
    entry: BlockSignature,
): Promise<Outcome> {
    const verdict = await ctx.identity(identity, 'orderer');
    // The common name reads better in a list of signers; certificate-chains gives each full subject.
    const name = verdict.certificate === undefined ? verdict.subject : commonName(verdict.certificate);
    const who = `consenter #${consenter.id} ${name} (${consenter.mspId})`;
    if (!verdict.ok || verdict.certificate === undefined) {
        return { counts: false, text: `${who}: its certificate is not trusted: ${verdict.reason}` };
    }
    if (verdict.role !== ctx.policy.ordererRole) {
        return { counts: false, text: `${who}: its certificate has role ${verdict.role ?? 'none'}, not orderer` };
    }
    const signed = await verifyFabricSignature(
        ctx.trust.verifier,
        verdict.certificate.publicKey,
        message,
        entry.signature,
    );
    return signed.ok
        ? { counts: true, consenter, text: `${name} (${consenter.mspId}, consenter #${consenter.id})` }
        : { counts: false, text: `${who}: the signature does not verify over this block's header (${signed.reason})` };
}

/**
 * The consenter whose registered identity a signature header carries: same MSP and the same certificate, compared
 * as DER so that PEM line breaks do not matter.
 */
function consenterOf(
    consenters: readonly ConsortiumConsenter[],
    signer: SerializedIdentity,
): ConsortiumConsenter | undefined {
    const der = firstCertificate(fromUtf8(signer.idBytes));
    if (der === undefined) {
        return undefined;
    }
    return consenters.find((c) => {
        const registered = firstCertificate(c.identity);
        return c.mspId === signer.mspId && registered !== undefined && bytesEqual(registered, der);
    });
}

function firstCertificate(pem: string): Uint8Array | undefined {
    try {
        return pemCertificates(pem)[0];
    } catch {
        return undefined;
    }
}
