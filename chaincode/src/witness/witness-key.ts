import { ANCHOR_OBJECT_TYPES, COMMON_ERRORS, LOAN_REF_PATTERN } from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';
import { OBJECT_TYPES } from '../evidence/ledger-keys.js';

/** A key a receipt names, split into its composite-key parts. */
export interface WitnessKey {
    readonly objectType: string;
    readonly attributes: readonly string[];
}

const HEX_64 = /^[0-9a-f]{64}$/;
const PADDED_SEQ = /^[0-9]{10}$/;

/**
 * The keys a receipt can name, and the shape of each one's attributes: an evidence record ([loanRef, seq]), an
 * anchor ([anchorId]) and a sealed batch ([root]). Any other key is refused, so the witness cannot be turned into a
 * probe of consents, cases or ABS records.
 */
const WITNESSABLE: Readonly<Record<string, readonly RegExp[]>> = Object.freeze({
    [OBJECT_TYPES.evidenceRecord]: [LOAN_REF_PATTERN, PADDED_SEQ],
    [ANCHOR_OBJECT_TYPES.anchor]: [HEX_64],
    [ANCHOR_OBJECT_TYPES.sealedBatch]: [HEX_64],
});

/**
 * Reads a written key as a receipt carries it (`\0type\0attr\0…\0`, Fabric's composite-key form).
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT (field `key`) when it is not a composite key of a type a receipt
 *   names, or an attribute does not have that type's shape. The key is never echoed back: it is the caller's input.
 */
export function witnessKeyOf(key: string): WitnessKey {
    const parts = key.split('\u0000');
    // A composite key starts and ends with U+0000, so the split yields an empty first and last part.
    if (parts.length < 3 || parts[0] !== '' || parts[parts.length - 1] !== '') {
        throw invalidKey('must be a composite key');
    }
    const [objectType = '', ...attributes] = parts.slice(1, -1);
    const shape = Object.hasOwn(WITNESSABLE, objectType) ? WITNESSABLE[objectType] : undefined;
    if (shape === undefined) {
        throw invalidKey(
            `must name an evidence record, an anchor or a sealed batch (${Object.keys(WITNESSABLE).join(', ')})`,
        );
    }
    if (attributes.length !== shape.length || attributes.some((attribute, i) => !shape[i]!.test(attribute))) {
        throw invalidKey(`is not a well-formed ${objectType} key`);
    }
    return { objectType, attributes };
}

function invalidKey(message: string): ChaincodeError {
    return new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `key ${message}`, { field: 'key' });
}
