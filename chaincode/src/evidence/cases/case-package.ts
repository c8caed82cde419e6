import { EVIDENCE_ERRORS } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { isAnchored } from '../anchors/anchor-reads.js';
import { locateRecord } from '../records/record-store.js';
import { type Filing } from './case-requests.js';

/** How many unknown fingerprints an error lists; the count is always given. */
const LISTED_UNKNOWN = 20;

/**
 * Checks a filing's evidence package against the ledger: the root the filer computed must be the RFC 9162 root of
 * the fingerprints in their order, every fingerprint must be a registered evidence record or an anchored item, and
 * registered records must belong to the case's loan.
 *
 * @throws {@link ChaincodeError} PACKAGE_ROOT_MISMATCH, PACKAGE_FOREIGN_EVIDENCE or PACKAGE_FINGERPRINT_UNKNOWN.
 */
export async function verifyPackage(ctx: Context, filing: Filing): Promise<void> {
    const root = fingerprintTreeRoot(filing.fingerprints);
    if (root !== filing.root) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.PACKAGE_ROOT_MISMATCH,
            `${filing.path}.package.root is not the root of its fingerprints`,
            {
                field: `${filing.path}.package.root`,
                expected: root,
                given: filing.root,
            },
        );
    }
    const unknown: string[] = [];
    for (const [index, fingerprint] of filing.fingerprints.entries()) {
        const location = await locateRecord(ctx, fingerprint);
        if (location !== undefined && location.loanRef !== filing.loanRef) {
            throw new ChaincodeError(
                EVIDENCE_ERRORS.PACKAGE_FOREIGN_EVIDENCE,
                `${filing.path}.package.fingerprints[${index}] is evidence of another loan`,
                { field: `${filing.path}.package.fingerprints[${index}]`, fingerprint },
            );
        }
        if (location === undefined && !(await isAnchored(ctx, fingerprint))) {
            unknown.push(fingerprint);
        }
    }
    if (unknown.length > 0) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.PACKAGE_FINGERPRINT_UNKNOWN,
            `${unknown.length} fingerprint(s) of ${filing.path}.package are neither registered nor anchored`,
            {
                field: `${filing.path}.package.fingerprints`,
                count: unknown.length,
                unknown: unknown.slice(0, LISTED_UNKNOWN),
            },
        );
    }
}
