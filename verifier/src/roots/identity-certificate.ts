import { type SerializedIdentity } from '../decode/identity.js';
import { fromUtf8 } from '../encoding/bytes.js';
import { organisationalUnits, parsePemCertificate, type Certificate } from '../x509/certificate.js';
import { BoundedCache } from './bounded-cache.js';
import { NODE_ROLES, type NodeRole } from './identity-verdict.js';

// Shared by every trust store and by the summary: parsing is pure, and a receipt's few signers recur.
const certificates = new BoundedCache<Certificate | Error>();

/** Parses an identity's certificate (cached per certificate text); returns the parse error instead of throwing. */
export function certificateOfIdentity(identity: SerializedIdentity): Certificate | Error {
    const pem = fromUtf8(identity.idBytes);
    return certificates.getOrCreate(pem, () => {
        try {
            return parsePemCertificate(pem, 'the identity holds no PEM certificate');
        } catch (error) {
            return error as Error;
        }
    });
}

/** The Fabric NodeOU role a certificate's organisational units name, if any. */
export function nodeRoleOf(certificate: Certificate): NodeRole | undefined {
    const units = organisationalUnits(certificate);
    return NODE_ROLES.find((role) => units.includes(role));
}
