import { checkInclusion } from '../receipt/anchor-proof.js';
import { claimMatchesLedger, recordedTree } from '../receipt/recorded-tree.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, skip, type CheckResult } from './check-result.js';

/** `inclusion-proof` of a receipt without an anchor, where it does not apply, whether its block decodes or not. */
export function notAnchored(): CheckResult {
    return skip('inclusion-proof', 'the fingerprint was written directly, not anchored in a batch');
}

/**
 * `inclusion-proof`: the proof names the tree the transaction recorded (its root, anchor ID and size, and for an
 * anchor the fingerprint's leaf index), and its RFC 9162 audit path leads from the fingerprint's leaf to that root
 * at that position. The size must come from the ledger: the path alone verifies at other positions too.
 */
export function checkInclusionProof(ctx: CheckContext): CheckResult {
    const { receipt } = ctx;
    const { anchor, fingerprint } = receipt;
    if (anchor === undefined) {
        return notAnchored();
    }
    const path = checkInclusion(fingerprint, anchor);
    if (!path.ok) {
        return fail('inclusion-proof', path.reason);
    }
    const recorded = recordedTree(ctx.evidence.action.writes, ctx.policy.chaincode, receipt.write.key, fingerprint);
    if (!recorded.ok) {
        return fail('inclusion-proof', recorded.reason);
    }
    const claim = claimMatchesLedger(anchor, recorded.tree, fingerprint);
    if (!claim.ok) {
        return fail('inclusion-proof', claim.reason);
    }
    const source =
        recorded.tree.kind === 'anchor'
            ? 'index and size as the anchor wrote them'
            : 'size as the seal wrote it, index fixed by the path at that size';
    return pass(
        'inclusion-proof',
        `leaf ${anchor.index} of ${recorded.tree.size} (${source}), ` +
            `${anchor.auditPath.length} steps to root ${anchor.root}`,
    );
}
