import { identifierPattern } from './privacy/ledger-safe.js';

/**
 * The operations probe writes a name and a value that every member's peer keeps for good, so both are identifiers
 * under the one identifier rule: the probe takes no free text.
 */

/** A probe's name, e.g. `readyz` or `after-restart-m1x2k-3f`. */
export const PROBE_NAME_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: ['.', '_', '-'],
    min: 1,
    max: 64,
});

/** A probe's value, e.g. `v1` or `survives`. */
export const PROBE_VALUE_PATTERN = PROBE_NAME_PATTERN;

/** Chaincode event names of the probe. Every member may read a probe, so every member's event stream carries them. */
export const PROBE_EVENTS = Object.freeze({
    written: 'probe.written',
} as const);
