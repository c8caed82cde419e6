import { sign, type KeyObject } from 'node:crypto';

/** Curve orders, for the low-S rule Fabric enforces on ECDSA signatures. */
const ORDERS: Readonly<Record<string, bigint>> = {
    prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** What @hyperledger/fabric-gateway calls to sign: given the message itself (connect with `hash: hash.none`). */
export type MessageSigner = (message: Uint8Array) => Promise<Uint8Array>;

/**
 * A Fabric signer backed by OpenSSL (node:crypto) instead of fabric-gateway's pure-JavaScript ECDSA, which costs
 * about 3 ms of CPU a signature and three signatures a transaction. The gateway must be connected with
 * `hash: hash.none`: this signer hashes (SHA-256 for P-256, SHA-384 for P-384), signs, forces the low-S form
 * Fabric requires, and returns the DER encoding. Ed25519 keys sign the message as it is.
 *
 * @throws Error for a key that is neither EC P-256, EC P-384 nor Ed25519.
 */
export function newOpenSslSigner(key: KeyObject): MessageSigner {
    if (key.asymmetricKeyType === 'ed25519') {
        return async (message) => sign(null, message, key);
    }
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const order = ORDERS[curve];
    if (key.asymmetricKeyType !== 'ec' || order === undefined) {
        throw new Error(`Fabric signs with EC P-256, P-384 or Ed25519 keys, not ${key.asymmetricKeyType} ${curve}`);
    }
    const digest = curve === 'secp384r1' ? 'sha384' : 'sha256';
    const size = curve === 'secp384r1' ? 48 : 32;
    return async (message) => {
        const raw = sign(digest, message, { key, dsaEncoding: 'ieee-p1363' });
        const r = BigInt(`0x${raw.subarray(0, size).toString('hex')}`);
        let s = BigInt(`0x${raw.subarray(size).toString('hex')}`);
        if (s > order >> 1n) {
            s = order - s;
        }
        return derSignature(r, s);
    };
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }`. */
function derSignature(r: bigint, s: bigint): Uint8Array {
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derInteger(value: bigint): Buffer {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) {
        hex = `0${hex}`;
    }
    let bytes = Buffer.from(hex, 'hex');
    if (bytes[0]! >= 0x80) {
        bytes = Buffer.concat([Buffer.from([0]), bytes]);
    }
    return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(length: number): Buffer {
    return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}
