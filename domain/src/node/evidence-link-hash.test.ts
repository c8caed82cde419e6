import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import { toHex } from '../bytes.js';
import { type EvidenceRecordBody } from '../evidence/evidence-record.js';
import { evidenceLinkHash } from './evidence-link-hash.js';
import { sha256 } from './sha256.js';

const BODY: EvidenceRecordBody = {
    kind: 'REGISTRATION',
    id: `sha256:${'1'.repeat(64)}`,
    fingerprint: `sha256:${'1'.repeat(64)}`,
    salted: true,
    evidenceType: 'E_CONTRACT',
    stage: 'CONTRACT_SIGNING',
    loanRef: `loan:${'a'.repeat(64)}`,
    seq: 2,
    previous: { id: `sha256:${'0'.repeat(64)}`, linkHash: 'f'.repeat(64) },
    submitter: { mspId: 'PlatformMSP', subject: '/CN=User1' },
    txId: 'tx1',
    time: '2026-01-05T08:00:00.000Z',
};

describe('evidenceLinkHash', () => {
    it('is SHA-256 of the canonical JSON of the record without its link hash', () => {
        expect(evidenceLinkHash(BODY)).toBe(toHex(sha256(new TextEncoder().encode(canonicalJson(BODY)))));
    });

    it('does not depend on key order', () => {
        const reversed = Object.fromEntries(Object.entries(BODY).reverse()) as EvidenceRecordBody;
        expect(evidenceLinkHash(reversed)).toBe(evidenceLinkHash(BODY));
    });

    it('changes when the previous link changes', () => {
        const other = { ...BODY, previous: { id: BODY.previous!.id, linkHash: 'e'.repeat(64) } };
        expect(evidenceLinkHash(other)).not.toBe(evidenceLinkHash(BODY));
    });
});
