import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from '../encoding/bytes.js';
import { imprintHashOf, TSP_OIDS } from './tsp-oids.js';

/**
 * The ESS signing-certificate attribute (RFC 5035 `SigningCertificateV2`) a TSA puts among the signed attributes:
 * the hash of its own certificate, so that a token cannot be re-attributed to another certificate with the same key.
 * RFC 3161 §2.4.2 requires it; OpenSSL's `ts -verify` checks it.
 */
export function signingCertificateV2Attribute(certificateDer: Uint8Array): pkijs.Attribute {
    // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted), certHash OCTET STRING, … }
    const essCertId = new asn1js.Sequence({
        value: [new asn1js.OctetString({ valueHex: sha256(certificateDer) })],
    });
    return new pkijs.Attribute({
        type: TSP_OIDS.signingCertificateV2,
        values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] })],
    });
}

/**
 * Whether the signed attributes name `certificateDer` as the signer's certificate (SigningCertificateV2, or the
 * SHA-1 SigningCertificate older TSAs still write).
 *
 * @returns a reason when they do not, `undefined` when they do.
 */
export function signingCertificateMismatch(
    attributes: readonly pkijs.Attribute[],
    certificateDer: Uint8Array,
): string | undefined {
    const attribute = attributes.find(
        (a) => a.type === TSP_OIDS.signingCertificateV2 || a.type === TSP_OIDS.signingCertificate,
    );
    if (attribute === undefined) {
        return 'the signed attributes carry no ESS signing-certificate attribute';
    }
    const first = firstCertId(attribute.values[0]);
    if (first === undefined) {
        return 'the ESS signing-certificate attribute does not decode';
    }
    let expected: Uint8Array;
    if (attribute.type === TSP_OIDS.signingCertificate) {
        expected = sha1(certificateDer);
    } else {
        const hash = imprintHashOf(first.algorithm ?? TSP_OIDS.sha256);
        if (hash === undefined) {
            return `the ESS signing-certificate attribute hashes with ${first.algorithm}, not SHA-256 or stronger`;
        }
        expected = hash.digest(certificateDer);
    }
    return bytesEqual(first.certHash, expected)
        ? undefined
        : 'the ESS signing-certificate attribute names another certificate than the one that signed';
}

function firstCertId(value: unknown): { algorithm?: string; certHash: Uint8Array } | undefined {
    if (!(value instanceof asn1js.Sequence)) {
        return undefined;
    }
    const certs = value.valueBlock.value[0];
    const certId = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
    if (!(certId instanceof asn1js.Sequence)) {
        return undefined;
    }
    const [head, next] = certId.valueBlock.value;
    if (head instanceof asn1js.OctetString) {
        return { certHash: new Uint8Array(head.valueBlock.valueHexView) };
    }
    if (head instanceof asn1js.Sequence && next instanceof asn1js.OctetString) {
        const oid = head.valueBlock.value[0];
        return oid instanceof asn1js.ObjectIdentifier
            ? { algorithm: oid.valueBlock.toString(), certHash: new Uint8Array(next.valueBlock.valueHexView) }
            : undefined;
    }
    return undefined;
}
