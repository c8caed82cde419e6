import { createPrivateKey, sign } from 'node:crypto';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { rootsSigningBytes } from '../roots/roots-governance.js';
import { withRootsSignature } from '../roots/roots-signing.js';

/** A member organisation's admin: its MSP, its certificate and its private key, PEM. */
export interface RootsSigner {
    readonly mspId: string;
    readonly certificatePem: string;
    readonly privateKeyPem: string;
}

/**
 * Adds an admin's signature to a bundle: ECDSA P-256 over SHA-256 of the body's canonical JSON, DER-encoded. The
 * key never leaves the process that holds it; each organisation runs this with its own admin key.
 */
export function signRootsBundle(bundle: RootsBundle, signer: RootsSigner): RootsBundle {
    const key = createPrivateKey(signer.privateKeyPem);
    const signature = sign('sha256', rootsSigningBytes(bundle), { key, dsaEncoding: 'der' });
    return withRootsSignature(bundle, { mspId: signer.mspId, certificate: signer.certificatePem }, signature);
}
