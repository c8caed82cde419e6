import { toHex } from '../bytes.js';
import { canonicalJson } from '../canonical-json.js';
import { type EvidenceRecordBody } from '../evidence/evidence-record.js';
import { sha256 } from './sha256.js';

/**
 * The link hash of a record: SHA-256 over the canonical (sorted-key) JSON of the record without its `linkHash`
 * member. The body holds `previous.linkHash`, so each record commits to the whole chain before it, and anyone can
 * recompute the chain from the records alone.
 */
export function evidenceLinkHash(body: EvidenceRecordBody): string {
    return toHex(sha256(new TextEncoder().encode(canonicalJson(body))));
}
