import { toBase64 } from '../encoding/bytes.js';
import { RootsBundleError, type RootsBundle, type RootsSignature } from './roots-bundle.js';
import { rootsBodyHash } from './roots-governance.js';

/**
 * The bundle with one more member admin's signature. A signature by the same certificate replaces the earlier one,
 * so an admin who signs twice is counted once.
 *
 * @param signature - DER ECDSA signature over {@link rootsSigningBytes} of the bundle.
 */
export function withRootsSignature(
    bundle: RootsBundle,
    signer: { readonly mspId: string; readonly certificate: string },
    signature: Uint8Array,
): RootsBundle {
    const entry: RootsSignature = {
        mspId: signer.mspId,
        certificate: signer.certificate,
        signature: toBase64(signature),
    };
    return {
        ...bundle,
        signatures: [...bundle.signatures.filter((s) => s.certificate !== signer.certificate), entry],
    };
}

/**
 * Assembles the copies of one draft that members signed separately into one bundle carrying every signature.
 *
 * @throws {@link RootsBundleError} when the copies differ in anything but their signatures.
 */
export function assembleRootsBundle(copies: readonly RootsBundle[]): RootsBundle {
    const [first, ...rest] = copies;
    if (first === undefined) {
        throw new RootsBundleError('there is no signed copy to assemble');
    }
    const hash = rootsBodyHash(first);
    let assembled = first;
    for (const copy of rest) {
        if (rootsBodyHash(copy) !== hash) {
            throw new RootsBundleError(`a copy's body hashes to ${rootsBodyHash(copy)}, not to the draft's ${hash}`);
        }
        for (const signature of copy.signatures) {
            if (!assembled.signatures.some((s) => s.certificate === signature.certificate)) {
                assembled = { ...assembled, signatures: [...assembled.signatures, signature] };
            }
        }
    }
    return assembled;
}
