import { EVIDENCE_ERRORS, type SealedPackageItem } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { isAnchored } from '../anchors/anchor-reads.js';
import { locateRecord } from '../records/record-store.js';
import { type Filing } from './case-requests.js';
import { checkSealedProofs } from './sealed-package-proofs.js';

/** How many unknown fingerprints an error lists; the count is always given. */
const LISTED_UNKNOWN = 20;

/**
 * Checks a filing's evidence package against the ledger: the root the filer computed must be the RFC 9162 root of
 * the fingerprints in their order, every fingerprint must be a registered evidence record, an anchored item or a
 * leaf of a sealed batch proven by the filing's `package.sealed`, and registered records must belong to the case's
 * loan. Answers the sealed items, to be stored with the package.
 *
 * @throws {@link ChaincodeError} PACKAGE_ROOT_MISMATCH, PACKAGE_FOREIGN_EVIDENCE, PACKAGE_FINGERPRINT_UNKNOWN,
 *   PACKAGE_SEALED_PROOF_INVALID or ANCHOR_NOT_FOUND (a proof names no sealed batch).
 */
export async function verifyPackage(ctx: Context, filing: Filing): Promise<SealedPackageItem[]> {
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
    const sealed = await checkSealedProofs(ctx, filing.sealed, filing.path);
    const provenSealed = new Set(sealed.map((item) => item.fingerprint));
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
        if (location === undefined && !provenSealed.has(fingerprint) && !(await isAnchored(ctx, fingerprint))) {
            unknown.push(fingerprint);
        }
    }
    if (unknown.length > 0) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.PACKAGE_FINGERPRINT_UNKNOWN,
            `${unknown.length} fingerprint(s) of ${filing.path}.package are neither registered, anchored nor proven sealed`,
            {
                field: `${filing.path}.package.fingerprints`,
                count: unknown.length,
                unknown: unknown.slice(0, LISTED_UNKNOWN),
            },
        );
    }
    return sealed;
}
