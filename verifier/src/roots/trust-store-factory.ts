import { defaultSignatureVerifier } from '../crypto/default-verifier.js';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { type RootsBundle } from './roots-bundle.js';
import { TrustStore } from './trust-store.js';

const stores = new WeakMap<RootsBundle, WeakMap<SignatureVerifier, TrustStore>>();

/**
 * The trust store of a roots bundle, shared by every call with the same bundle object and verifier, so that each
 * certificate chain is verified once however many receipts are checked.
 *
 * @throws {@link RootsBundleError} when a certificate in the bundle cannot be parsed.
 */
export function trustStoreFor(
    bundle: RootsBundle,
    verifier: SignatureVerifier = defaultSignatureVerifier(),
): TrustStore {
    let byVerifier = stores.get(bundle);
    if (byVerifier === undefined) {
        byVerifier = new WeakMap();
        stores.set(bundle, byVerifier);
    }
    let store = byVerifier.get(verifier);
    if (store === undefined) {
        store = new TrustStore(bundle, verifier);
        byVerifier.set(verifier, store);
    }
    return store;
}
