/**
 * Chaincode event names of the evidence area. Fabric keeps one event per transaction, so each write emits exactly one
 * of these, listing every item it created; payload shapes are the `*EventPayload` types beside each record type.
 */
export const EVIDENCE_EVENTS = Object.freeze({
    registered: 'evidence.registered',
    corrected: 'evidence.corrected',
    withdrawn: 'evidence.withdrawn',
    anchorCreated: 'anchor.created',
    batchSealed: 'anchor.sealed',
    attestationRecorded: 'attestation.recorded',
    caseFiled: 'case.filed',
    caseTransitioned: 'case.transitioned',
} as const);
