/** Every check a receipt goes through, in the order they are reported. */
export const CHECK_NAMES = [
    'receipt-format',
    'document-hash',
    'inclusion-proof',
    'fingerprint-written',
    'transaction-id',
    'creator-signature',
    'endorsement-signatures',
    'endorsement-policy',
    'transaction-in-block',
    'block-data-hash',
    'validation-flag',
    'validity-witness',
    'orderer-signature',
    'channel',
    'chaincode',
    'certificate-chains',
    'trusted-time',
    'summary',
] as const;

/** Name of a check. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** `skip` only for checks that do not apply (no document given, no anchor proof in the receipt). */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** The outcome of one check. */
export interface CheckResult {
    readonly name: CheckName;
    readonly status: CheckStatus;
    /** What the check establishes when it passes, in words a court can use. */
    readonly title: string;
    /** Why it passed, failed or was skipped, with the values compared. */
    readonly reason: string;
}

/** What each check proves when it passes. */
export const CHECK_TITLES: Readonly<Record<CheckName, string>> = Object.freeze({
    'receipt-format': 'The receipt is a well-formed lendledger-receipt/2 document and its block decodes',
    'document-hash': 'The document presented hashes to the fingerprint',
    'inclusion-proof': 'The fingerprint is a leaf of the anchored Merkle tree (RFC 9162), where the ledger puts it',
    'fingerprint-written': 'The transaction wrote the fingerprint (or the anchor root) into the ledger',
    'transaction-id': 'The transaction ID is derived from the creator and nonce',
    'creator-signature': 'A member of a consortium organisation signed the transaction',
    'endorsement-signatures': 'Each endorsement is a valid peer signature over this transaction’s result',
    'endorsement-policy': 'Enough distinct organisations endorsed the transaction',
    'transaction-in-block': 'The transaction is the named entry of the block',
    'block-data-hash': 'The block header’s data hash covers every transaction of the block',
    'validation-flag': 'The committing peer marked the transaction VALID',
    'validity-witness': 'Peers of enough organisations signed that the transaction’s write is in the ledger’s state',
    'orderer-signature':
        'The ordering service signed the block header (with BFT ordering, a quorum of consenters, of which no single organisation runs a third or more)',
    channel: 'The block and the transaction belong to the consortium’s channel',
    chaincode: 'The consortium’s chaincode executed and wrote the record',
    'certificate-chains': 'Every signer’s certificate chains to the consortium roots and was valid when used',
    'trusted-time': 'A trusted time-stamping authority dated the block: it existed no later than the time stated',
    summary: 'The human-readable summary states what the bytes say',
});

/** A passing result. */
export function pass(name: CheckName, reason: string): CheckResult {
    return { name, status: 'pass', title: CHECK_TITLES[name], reason };
}

/** A failing result. */
export function fail(name: CheckName, reason: string): CheckResult {
    return { name, status: 'fail', title: CHECK_TITLES[name], reason };
}

/** A result for a check that does not apply. */
export function skip(name: CheckName, reason: string): CheckResult {
    return { name, status: 'skip', title: CHECK_TITLES[name], reason };
}
