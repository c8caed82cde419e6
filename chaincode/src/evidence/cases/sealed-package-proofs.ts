import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    fromHex,
    MAX_PACKAGE_SIZE,
    MAX_SEALED_BATCH,
    type SealedPackageItem,
    type SealedPackageProof,
} from '@lendledger/domain';
import { fingerprintLeafHash, verifyInclusion } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { asFields, integer, list, type Fields } from '../../core/request-fields.js';
import { fingerprint } from '../../core/fingerprint-fields.js';
import { requireSealedBatch } from '../anchors/seal-batch.js';
import { hexRoot } from '../evidence-fields.js';

/** Steps of an audit path in a tree of at most MAX_SEALED_BATCH leaves. */
const MAX_AUDIT_PATH = Math.ceil(Math.log2(MAX_SEALED_BATCH));
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Reads `package.sealed`: optional proofs, from a seal's proof bundle, that package items are leaves of sealed
 * batches. Each names a fingerprint of the package (`packageFingerprints`), at most once.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT, DUPLICATE_IN_BATCH, BATCH_TOO_LARGE naming the field.
 */
export function readSealedProofs(
    packageFields: Fields,
    packagePath: string,
    packageFingerprints: ReadonlySet<string>,
): SealedPackageProof[] {
    if (packageFields.sealed === undefined) {
        return [];
    }
    const items = list(packageFields, 'sealed', { path: packagePath, max: MAX_PACKAGE_SIZE });
    const proven = new Set<string>();
    return items.map((item, index) => {
        const path = `${packagePath}.sealed[${index}]`;
        const fields = asFields(item, path);
        const value = fingerprint(fields, 'fingerprint', { path });
        if (!packageFingerprints.has(value)) {
            throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path}.fingerprint is not in the package`, {
                field: `${path}.fingerprint`,
                fingerprint: value,
            });
        }
        if (proven.has(value)) {
            throw new ChaincodeError(EVIDENCE_ERRORS.DUPLICATE_IN_BATCH, `${path} proves an item proven before`, {
                field: path,
                fingerprint: value,
            });
        }
        proven.add(value);
        const auditPath = list(fields, 'auditPath', { path, min: 0, max: MAX_AUDIT_PATH }).map((step, at) => {
            if (typeof step !== 'string' || !HEX64.test(step)) {
                throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path}.auditPath[${at}] must be 64 hex`, {
                    field: `${path}.auditPath[${at}]`,
                });
            }
            return step;
        });
        return {
            fingerprint: value,
            root: hexRoot(fields, 'root', { path }),
            index: integer(fields, 'index', { path, min: 0, max: MAX_SEALED_BATCH - 1 }),
            auditPath,
        };
    });
}

/**
 * Checks each proof against its seal record: the batch must be sealed, and the audit path must lead from the
 * fingerprint's leaf at `index` to the sealed root at exactly the size the seal recorded (with the size fixed by
 * the ledger, the path's arithmetic admits no other position).
 *
 * @throws {@link ChaincodeError} ANCHOR_NOT_FOUND (no such sealed batch), PACKAGE_SEALED_PROOF_INVALID.
 */
export async function checkSealedProofs(
    ctx: Context,
    proofs: readonly SealedPackageProof[],
    path: string,
): Promise<SealedPackageItem[]> {
    const items: SealedPackageItem[] = [];
    for (const [at, proof] of proofs.entries()) {
        const batch = await requireSealedBatch(ctx, proof.root);
        const leads =
            proof.index < batch.size &&
            verifyInclusion(
                fingerprintLeafHash(proof.fingerprint),
                proof.index,
                batch.size,
                proof.auditPath.map(fromHex),
                fromHex(batch.root),
            );
        if (!leads) {
            throw new ChaincodeError(
                EVIDENCE_ERRORS.PACKAGE_SEALED_PROOF_INVALID,
                `${path}.package.sealed[${at}] does not lead to sealed root ${batch.root} of size ${batch.size}`,
                { field: `${path}.package.sealed[${at}]`, fingerprint: proof.fingerprint, root: batch.root },
            );
        }
        items.push({ fingerprint: proof.fingerprint, anchorId: batch.anchorId, index: proof.index, size: batch.size });
    }
    return items;
}
