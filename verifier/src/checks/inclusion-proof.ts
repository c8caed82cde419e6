import { checkInclusion } from '../receipt/anchor-proof.js';
import { type Receipt } from '../receipt/receipt.js';
import { fail, pass, skip, type CheckResult } from './check-result.js';

/** `inclusion-proof`: the fingerprint's RFC 9162 audit path leads to the anchor root. */
export function checkInclusionProof(receipt: Receipt): CheckResult {
    const { anchor } = receipt;
    if (anchor === undefined) {
        return skip('inclusion-proof', 'the fingerprint was written directly, not anchored in a batch');
    }
    const verdict = checkInclusion(receipt.fingerprint, anchor);
    return verdict.ok
        ? pass(
              'inclusion-proof',
              `leaf ${anchor.index} of ${anchor.treeSize}, ${anchor.auditPath.length} steps to root ${anchor.root}`,
          )
        : fail('inclusion-proof', verdict.reason);
}
