import {
    CONSENT_ID_PATTERN,
    LIFECYCLE_STAGES,
    MAX_EVIDENCE_BATCH,
    MSP_ID_PATTERN,
    PRODUCT_CODE_PATTERN,
    type LifecycleStage,
    type LoanPartiesRequest,
} from '@lendledger/domain';
import { asFields, flag, list, oneOf, optionalText, text, type Fields } from '../../core/request-fields.js';
import { fingerprint, optionalFingerprint } from '../../core/fingerprint-fields.js';
import { loanRef, optionalRecordId, optionalShortCode, recordId, shortCode } from '../evidence-fields.js';

/** A checked registration: canonical fingerprints, and the field path to name in errors. */
export interface Registration {
    readonly path: string;
    readonly fingerprint: string;
    readonly salted: boolean;
    readonly evidenceType: string;
    readonly stage: LifecycleStage;
    readonly loanRef: string;
    readonly previous: string | null;
    readonly metadataFingerprint?: string;
    readonly consentId?: string;
    readonly parties?: LoanPartiesRequest;
}

/** A checked correction. */
export interface Correction {
    readonly target: string;
    readonly fingerprint: string;
    readonly salted: boolean;
    readonly evidenceType?: string;
    readonly metadataFingerprint?: string;
    readonly consentId?: string;
    readonly reasonCode: string;
    readonly previous: string;
}

/** A checked withdrawal. */
export interface Withdrawal {
    readonly target: string;
    readonly reasonCode: string;
    readonly previous: string;
}

function consentId(fields: Fields, path?: string): string | undefined {
    return optionalText(fields, 'consentId', { path, max: 128, pattern: CONSENT_ID_PATTERN });
}

/** Reads the optional `parties` member of a registration: `{ platform?, bank, product }`. */
function parties(fields: Fields, path: string): LoanPartiesRequest | undefined {
    if (fields.parties === undefined || fields.parties === null) {
        return undefined;
    }
    const at = path ? `${path}.parties` : 'parties';
    const member = asFields(fields.parties, at);
    const platform = optionalText(member, 'platform', { path: at, max: 64, pattern: MSP_ID_PATTERN });
    return {
        ...(platform === undefined ? {} : { platform }),
        bank: text(member, 'bank', { path: at, max: 64, pattern: MSP_ID_PATTERN }),
        product: text(member, 'product', { path: at, max: 32, pattern: PRODUCT_CODE_PATTERN }),
    };
}

/** Reads one registration; `path` prefixes field names in errors (e.g. `items[3]`). */
export function readRegistration(fields: Fields, path = ''): Registration {
    const options = path ? { path } : {};
    return {
        path: path || 'request',
        fingerprint: fingerprint(fields, 'fingerprint', options),
        salted: flag(fields, 'salted', options),
        evidenceType: shortCode(fields, 'evidenceType', options),
        stage: oneOf(fields, 'stage', LIFECYCLE_STAGES, options),
        loanRef: loanRef(fields, 'loanRef', options),
        previous: optionalRecordId(fields, 'previous', options),
        metadataFingerprint: optionalFingerprint(fields, 'metadataFingerprint', options),
        consentId: consentId(fields, path || undefined),
        parties: parties(fields, path),
    };
}

/** Reads the items of a batch registration. */
export function readRegistrationBatch(fields: Fields): Registration[] {
    return list(fields, 'items', { max: MAX_EVIDENCE_BATCH }).map((item, index) => {
        const path = `items[${index}]`;
        return readRegistration(asFields(item, path), path);
    });
}

/** Reads a correction request. */
export function readCorrection(fields: Fields): Correction {
    return {
        target: recordId(fields, 'target'),
        fingerprint: fingerprint(fields, 'fingerprint'),
        salted: flag(fields, 'salted'),
        evidenceType: optionalShortCode(fields, 'evidenceType'),
        metadataFingerprint: optionalFingerprint(fields, 'metadataFingerprint'),
        consentId: consentId(fields),
        reasonCode: shortCode(fields, 'reasonCode'),
        previous: recordId(fields, 'previous'),
    };
}

/** Reads a withdrawal request. */
export function readWithdrawal(fields: Fields): Withdrawal {
    return {
        target: recordId(fields, 'target'),
        reasonCode: shortCode(fields, 'reasonCode'),
        previous: recordId(fields, 'previous'),
    };
}
