import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    FORUM_ROLES,
    MAX_CASE_BATCH,
    MAX_CASE_BATCH_FINGERPRINTS,
    MAX_PACKAGE_SIZE,
    MSP_ID_PATTERN,
    type CaseStatus,
    type ForumRole,
    type SealedPackageProof,
} from '@lendledger/domain';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { asFields, list, oneOf, text, type Fields } from '../../core/request-fields.js';
import { fingerprint, toFingerprint } from '../../core/fingerprint-fields.js';
import { caseId, hexRoot, loanRef, optionalShortCode } from '../evidence-fields.js';
import { readSealedProofs } from './sealed-package-proofs.js';

/** A checked filing; `path` names the item in errors. */
export interface Filing {
    readonly path: string;
    readonly caseId: string;
    readonly loanRef: string;
    /** The forum's MSP ID; whether it holds a forum role is checked against the registry at filing. */
    readonly court: string;
    /** The forum role named by the filer, if any. */
    readonly forumRole?: ForumRole;
    readonly documentFingerprint: string;
    readonly claimCode?: string;
    readonly fingerprints: readonly string[];
    readonly root: string;
    /** Proofs that package items are leaves of sealed batches, at most one per item. */
    readonly sealed: readonly SealedPackageProof[];
}

/** A checked forum move. */
export interface Transition {
    readonly caseId: string;
    readonly documentFingerprint: string;
    readonly reasonCode?: string;
}

function readPackage(
    fields: Fields,
    path: string,
): { fingerprints: string[]; root: string; sealed: SealedPackageProof[] } {
    const packagePath = path ? `${path}.package` : 'package';
    const packageFields = asFields(fields.package, packagePath);
    const items = list(packageFields, 'fingerprints', { path: packagePath, max: MAX_PACKAGE_SIZE });
    const seen = new Set<string>();
    const fingerprints = items.map((item, index) => {
        const field = `${packagePath}.fingerprints[${index}]`;
        const value = toFingerprint(item, field);
        if (seen.has(value)) {
            throw new ChaincodeError(EVIDENCE_ERRORS.DUPLICATE_IN_BATCH, `${field} repeats an earlier item`, {
                field,
                fingerprint: value,
            });
        }
        seen.add(value);
        return value;
    });
    return {
        fingerprints,
        root: hexRoot(packageFields, 'root', { path: packagePath }),
        sealed: readSealedProofs(packageFields, packagePath, seen),
    };
}

/** Reads one filing; `path` prefixes field names in errors (e.g. `cases[2]`). */
export function readFiling(fields: Fields, path = ''): Filing {
    const options = path ? { path } : {};
    return {
        path: path || 'request',
        caseId: caseId(fields, 'caseId', options),
        loanRef: loanRef(fields, 'loanRef', options),
        court: text(fields, 'court', { max: 64, pattern: MSP_ID_PATTERN, ...options }),
        ...(fields.forumRole === undefined ? {} : { forumRole: oneOf(fields, 'forumRole', FORUM_ROLES, options) }),
        documentFingerprint: fingerprint(fields, 'documentFingerprint', options),
        claimCode: optionalShortCode(fields, 'claimCode', options),
        ...readPackage(fields, path),
    };
}

/**
 * Reads the cases of a batch filing: at most MAX_CASE_BATCH cases and MAX_CASE_BATCH_FINGERPRINTS package items
 * altogether, since every item is looked up on the ledger.
 *
 * @throws {@link ChaincodeError} BATCH_TOO_LARGE, or an error naming the item's field.
 */
export function readFilingBatch(fields: Fields): Filing[] {
    const filings = list(fields, 'cases', { max: MAX_CASE_BATCH }).map((item, index) =>
        readFiling(asFields(item, `cases[${index}]`), `cases[${index}]`),
    );
    const total = filings.reduce((sum, filing) => sum + filing.fingerprints.length, 0);
    if (total > MAX_CASE_BATCH_FINGERPRINTS) {
        throw new ChaincodeError(
            COMMON_ERRORS.BATCH_TOO_LARGE,
            `the packages hold ${total} fingerprints, at most ${MAX_CASE_BATCH_FINGERPRINTS} are accepted per batch`,
            { field: 'cases', max: MAX_CASE_BATCH_FINGERPRINTS, size: total },
        );
    }
    return filings;
}

/** Reads a forum's move. */
export function readTransition(fields: Fields): Transition {
    return {
        caseId: caseId(fields),
        documentFingerprint: fingerprint(fields, 'documentFingerprint'),
        reasonCode: optionalShortCode(fields, 'reasonCode'),
    };
}

/** The states a forum (court or arbitration commission) moves a case to, one transaction function each. */
export const FORUM_MOVES = Object.freeze({
    Accept: 'ACCEPTED',
    Reject: 'REJECTED',
    Judge: 'JUDGED',
    Enforce: 'ENFORCED',
    Close: 'CLOSED',
} as const satisfies Record<string, CaseStatus>);
