import { randomBytes, type X509Certificate } from 'node:crypto';
import { type MessageSigner } from '../fabric/openssl-signer.js';

/**
 * Requests between member gateways are signed with the calling gateway's own Fabric identity (a gateway holds only
 * its own organisation's keys). The signature covers this text, one field a line, so that every field it names is
 * bound: a changed method, path, audience, organisation, time or nonce breaks the signature.
 */
export const PEER_REQUEST_FORMAT = 'lendledger-peer-request/1';

/** The headers a signed request carries. */
export const PEER_HEADERS = Object.freeze({
    mspId: 'lendledger-peer-msp',
    certificate: 'lendledger-peer-certificate',
    time: 'lendledger-peer-time',
    nonce: 'lendledger-peer-nonce',
    signature: 'lendledger-peer-signature',
});

/** What a signature covers. `audience` is the MSP ID of the gateway addressed, so a request cannot be replayed to another. */
export interface PeerRequestFields {
    readonly method: string;
    /** The path with its query, exactly as sent. */
    readonly path: string;
    readonly audience: string;
    readonly mspId: string;
    /** Milliseconds since the epoch, as decimal digits. */
    readonly time: string;
    readonly nonce: string;
}

/** The exact bytes a peer request's signature covers. */
export function peerRequestMessage(fields: PeerRequestFields): Uint8Array {
    const lines = [
        PEER_REQUEST_FORMAT,
        fields.method.toUpperCase(),
        fields.path,
        fields.audience,
        fields.mspId,
        fields.time,
        fields.nonce,
    ];
    return new TextEncoder().encode(lines.join('\n'));
}

/** The calling gateway's identity: its MSP, its Fabric certificate (PEM) and a signer for its key. */
export interface PeerIdentity {
    readonly mspId: string;
    readonly certificate: string;
    readonly sign: MessageSigner;
}

/** Headers that authenticate one request from `identity` to the gateway of `audience`. */
export async function signPeerRequest(
    identity: PeerIdentity,
    request: { readonly method: string; readonly path: string; readonly audience: string },
    now: number = Date.now(),
): Promise<Record<string, string>> {
    const fields: PeerRequestFields = {
        ...request,
        mspId: identity.mspId,
        time: String(now),
        nonce: randomBytes(18).toString('base64url'),
    };
    const signature = await identity.sign(peerRequestMessage(fields));
    return {
        [PEER_HEADERS.mspId]: fields.mspId,
        [PEER_HEADERS.certificate]: Buffer.from(identity.certificate, 'utf8').toString('base64'),
        [PEER_HEADERS.time]: fields.time,
        [PEER_HEADERS.nonce]: fields.nonce,
        [PEER_HEADERS.signature]: Buffer.from(signature).toString('base64'),
    };
}

/** The digest a key's ECDSA signatures are made over, as the gateway's signer makes them; null for Ed25519. */
export function digestOf(certificate: X509Certificate): string | null {
    const key = certificate.publicKey;
    if (key.asymmetricKeyType === 'ed25519') {
        return null;
    }
    return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'sha384' : 'sha256';
}
