import { DOCUMENT_MEMBERS, jsonMembers, readableKey } from '../receipt/written-member.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `fingerprint-written`: the endorsed read-write set writes the receipt's key in the chaincode's namespace, and the
 * written JSON holds the fingerprint (or, for an anchored fingerprint, the anchor root) in a document member.
 */
export function checkFingerprintWritten(ctx: CheckContext): CheckResult {
    const { receipt } = ctx;
    const target = receipt.anchor?.root ?? receipt.fingerprint;
    const what = receipt.anchor ? `anchor root ${target}` : target;
    const { key, member } = receipt.write;
    if (!(DOCUMENT_MEMBERS as readonly string[]).includes(member)) {
        return fail(
            'fingerprint-written',
            `member "${member}" does not name a document (${DOCUMENT_MEMBERS.join(', ')})`,
        );
    }
    const write = ctx.evidence.action.writes.find((w) => w.namespace === receipt.chaincode && w.key === key);
    if (write === undefined || write.isDelete) {
        return fail('fingerprint-written', `the transaction writes no key ${readableKey(key)} in ${receipt.chaincode}`);
    }
    const written = jsonMembers(write.value)?.[member];
    if (written !== target) {
        return fail(
            'fingerprint-written',
            `${readableKey(key)}.${member} holds ${JSON.stringify(written)}, not ${what}`,
        );
    }
    return pass('fingerprint-written', `${receipt.chaincode} wrote ${what} as ${readableKey(key)}.${member}`);
}
