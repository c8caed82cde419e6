import { CodedError } from '@lendledger/domain';

/** Why a roots bundle or update is not binding; each is a stable `code` of {@link RootsGovernanceError}. */
export const ROOTS_GOVERNANCE_CODES = Object.freeze({
    /** The bundle's canonical body does not hash to the value the court pinned. */
    pinMismatch: 'ROOTS_PIN_MISMATCH',
    /** Valid signatures come from no more than half of the governing members. */
    minority: 'ROOTS_MINORITY',
    /** An update's `previous` is not the hash of the version it follows. */
    wrongPrevious: 'ROOTS_WRONG_PREVIOUS',
    /** An update's version is not the governing version plus one. */
    versionNotNext: 'ROOTS_VERSION_NOT_NEXT',
    /** A signature does not verify over the body with its certificate's key (or is not a DER ECDSA signature). */
    badSignature: 'ROOTS_BAD_SIGNATURE',
    /** A signer's certificate is not an admin (NodeOU) certificate. */
    signerNotAdmin: 'ROOTS_SIGNER_NOT_ADMIN',
    /** A signature names an organisation that is not a member of the governing version. */
    signerNotMember: 'ROOTS_SIGNER_NOT_MEMBER',
    /** A signer's certificate does not chain to its organisation's roots in the governing version, or was revoked. */
    signerUntrusted: 'ROOTS_SIGNER_UNTRUSTED',
    /** A CRL is not signed by a CA of the organisation it is listed under. */
    crlInvalid: 'ROOTS_CRL_INVALID',
    /** An update returns a BFT ordering service to Raft. */
    orderingDowngrade: 'ROOTS_ORDERING_DOWNGRADE',
    /**
     * An update's `ordering.earlier` is not the previous version's history plus, when the ordering changed, the
     * arrangement it replaces: history was edited, dropped, or not recorded.
     */
    historyRewritten: 'ROOTS_ORDERING_HISTORY_REWRITTEN',
    /** An update changes the consenter set without admins of organisations running a quorum of the old consenters. */
    consenterQuorum: 'ROOTS_CONSENTER_QUORUM',
} as const);

/** A stable code of {@link RootsGovernanceError}. */
export type RootsGovernanceCode = (typeof ROOTS_GOVERNANCE_CODES)[keyof typeof ROOTS_GOVERNANCE_CODES];

/** Thrown when a roots bundle or one of its updates does not bind: `code` says which rule failed, `version` where. */
export class RootsGovernanceError extends CodedError {
    declare readonly code: RootsGovernanceCode;
    /** The version of the bundle that failed. */
    readonly version: number;
    /** The organisation whose signature or CRL failed, when one did. */
    readonly mspId: string | undefined;

    constructor(code: RootsGovernanceCode, version: number, message: string, mspId?: string) {
        super(code, `roots bundle version ${version}: ${message}`);
        this.version = version;
        this.mspId = mspId;
    }
}
