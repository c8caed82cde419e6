import {
    checkPoolRootConsistency,
    type PoolRootAnchor,
    type PoolRootConsistency,
    type PoolRootVerification,
} from '@lendledger/domain';
import { sha256 } from '../crypto/sha256.js';

/**
 * Checks offline that a deal's pool at one period's close extends its pool at an earlier close by appended loans
 * only (`AbsPool:GetPoolRootConsistency`, `GET /v1/abs/deals/{dealId}/pool/consistency`): an RFC 9162 §2.1.4
 * consistency proof between the two pool roots the reader trusts (`AbsPool:GetPoolRoot` of each period, read from
 * its own peer; period 0 is the cut-off tape). Proved: every loan of the earlier pool's log is in the later one, at
 * the same position, and the later log only adds leaves after them (revolving purchases and substitutes, one
 * `purchaseLeaf` each). Not proved: which loans were appended (that needs the leaves themselves), nor the roots
 * and sizes themselves, which are the anchor's word: hashes cannot bind a size, so the answer's periods, sizes and
 * roots must equal the anchor's.
 *
 * @example verifyPoolRootConsistency(answer, { dealId, from: rootOfPeriod1, to: rootOfPeriod3 }).ok
 */
export function verifyPoolRootConsistency(answer: PoolRootConsistency, anchor: PoolRootAnchor): PoolRootVerification {
    return checkPoolRootConsistency(answer, anchor, sha256);
}
