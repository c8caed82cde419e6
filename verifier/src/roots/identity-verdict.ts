import { type NodeRole } from '@lendledger/domain';
import { type Certificate } from '../x509/certificate.js';

export { NODE_ROLES, type NodeRole } from '@lendledger/domain';

/** Whether an identity's certificate chains to its MSP's roots and was valid when it signed. */
export interface IdentityVerdict {
    readonly ok: boolean;
    readonly mspId: string;
    /** Subject DN of the certificate, or a placeholder when it could not be read. */
    readonly subject: string;
    readonly role: NodeRole | undefined;
    /** The parsed certificate, when it could be read (even if untrusted). */
    readonly certificate: Certificate | undefined;
    /** On success the issuing root's subject; on failure why the identity is not trusted. */
    readonly reason: string;
}
