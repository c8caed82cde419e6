import {
    COMMON_ERRORS,
    CONSENT_ID_PATTERN,
    CONSENT_PURPOSE_LISTS,
    CONSENT_USE_MODES,
    MAX_CONSENT_USES,
    MSP_IDS,
    NOTICE_VERSION_PATTERN,
    ORGANISATIONS,
    SHORT_CODE_PATTERN,
    SUBJECT_PATTERN,
    type ConsentPurposeListVersion,
    type OrgMspId,
    type RecordConsentRequest,
} from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';
import { integer, isoTime, list, oneOf, optionalText, text, type Fields } from '../core/request-fields.js';
import { fingerprint } from '../core/fingerprint-fields.js';

const MEMBERS = ORGANISATIONS.map((org) => MSP_IDS[org]);
const PURPOSE_LIST_VERSIONS = Object.keys(CONSENT_PURPOSE_LISTS) as ConsentPurposeListVersion[];

/** Reads a consent identifier field. */
export function consentIdOf(fields: Fields, name = 'consentId'): string {
    return text(fields, name, { max: 128, pattern: CONSENT_ID_PATTERN });
}

/** Reads a short upper-case code (never free text, which could carry personal data). */
export function codeOf(fields: Fields, name: string, path?: string): string {
    return text(fields, name, { max: 32, pattern: SHORT_CODE_PATTERN, ...(path ? { path } : {}) });
}

function dataScopeOf(fields: Fields): string[] {
    const items = list(fields, 'dataScope', { max: 32 });
    return items.map((item, index) => {
        // Named by its place in the list, so an error points at the item the caller sent.
        const field = `dataScope[${index}]`;
        return codeOf({ [field]: item }, field);
    });
}

function maxUsesOf(fields: Fields, useMode: RecordConsentRequest['useMode']): number {
    if (useMode === 'ONE_TIME') {
        if (fields.maxUses !== undefined && fields.maxUses !== 1) {
            throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'maxUses must be 1 (or absent) for ONE_TIME', {
                field: 'maxUses',
            });
        }
        return 1;
    }
    return integer(fields, 'maxUses', { min: 2, max: MAX_CONSENT_USES });
}

/**
 * Reads and checks a `Consent:Record` request. The window is [validFrom, validUntil) and must not be empty.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT naming the field.
 */
export function recordRequestOf(fields: Fields): Required<Omit<RecordConsentRequest, 'supersedes'>> & {
    supersedes?: string;
} {
    const purposeListVersion = oneOf(fields, 'purposeListVersion', PURPOSE_LIST_VERSIONS);
    const useMode = oneOf(fields, 'useMode', CONSENT_USE_MODES);
    const validFrom = isoTime(fields, 'validFrom');
    const validUntil = isoTime(fields, 'validUntil');
    if (validUntil <= validFrom) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'validUntil must be later than validFrom', {
            field: 'validUntil',
        });
    }
    const supersedes = optionalText(fields, 'supersedes', { max: 128, pattern: CONSENT_ID_PATTERN });
    return {
        consentId: consentIdOf(fields),
        subject: text(fields, 'subject', { max: 69, pattern: SUBJECT_PATTERN }),
        grantee: oneOf(fields, 'grantee', MEMBERS) as OrgMspId,
        purpose: oneOf(fields, 'purpose', CONSENT_PURPOSE_LISTS[purposeListVersion]),
        purposeListVersion,
        dataScope: dataScopeOf(fields),
        useMode,
        maxUses: maxUsesOf(fields, useMode),
        validFrom,
        validUntil,
        documentFingerprint: fingerprint(fields, 'documentFingerprint'),
        signingMethod: codeOf(fields, 'signingMethod'),
        noticeVersion: text(fields, 'noticeVersion', { max: 32, pattern: NOTICE_VERSION_PATTERN }),
        ...(supersedes ? { supersedes } : {}),
    };
}
