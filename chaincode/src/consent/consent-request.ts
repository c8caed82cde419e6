import {
    COMMON_ERRORS,
    CONSENT_ID_PATTERN,
    CONSENT_PURPOSE_LISTS,
    CONSENT_USE_MODES,
    LOAN_BOUND_PURPOSES,
    MAX_CONSENT_USES,
    MSP_ID_PATTERN,
    NOTICE_VERSION_PATTERN,
    SHORT_CODE_PATTERN,
    SUBJECT_PATTERN,
    type ConsentPurposeListVersion,
    type RecordConsentRequest,
} from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';
import { pageRequestOf, type PageRequest } from '../core/page-reader.js';
import { integer, isoTime, list, oneOf, optionalText, text, type Fields } from '../core/request-fields.js';
import { fingerprint } from '../core/fingerprint-fields.js';
import { loanRef } from '../evidence/evidence-fields.js';

const PURPOSE_LIST_VERSIONS = Object.keys(CONSENT_PURPOSE_LISTS) as ConsentPurposeListVersion[];

/** A checked `Consent:Record` request. */
export type Recording = Required<Omit<RecordConsentRequest, 'supersedes'>> & { supersedes?: string };

/** A checked `Consent:Use` request. */
export interface Use {
    readonly consentId: string;
    readonly purpose: string;
    readonly dataScope: readonly string[];
    readonly loanRef?: string;
    readonly inquiryFingerprint?: string;
}

/** A checked `Consent:Withdraw` request. */
export interface Withdrawal {
    readonly consentId: string;
    readonly reasonCode: string;
}

/** A checked `Consent:ListBySubject` request. */
export interface SubjectQuery {
    readonly subject: string;
    readonly page: PageRequest;
}

/** A checked `Consent:ListUsesByGrantee` request; without a grantee the caller lists its own uses. */
export interface GranteeUsesQuery {
    readonly grantee?: string;
    readonly from: string;
    readonly to: string;
    readonly page: PageRequest;
}

/** Reads a consent identifier field. */
export function consentIdOf(fields: Fields, name = 'consentId'): string {
    return text(fields, name, { max: 128, pattern: CONSENT_ID_PATTERN });
}

/** Reads a short upper-case code (never free text, which could carry personal data). */
export function codeOf(fields: Fields, name: string, path?: string): string {
    return text(fields, name, { max: 32, pattern: SHORT_CODE_PATTERN, ...(path ? { path } : {}) });
}

/** Reads a `dataScope` list: 1 to 32 short codes, each named by its place in the list when refused. */
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
export function readRecording(fields: Fields): Recording {
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
        // Which MSPs hold the bank role is the registry's record: checked when the consent is recorded.
        grantee: text(fields, 'grantee', { max: 64, pattern: MSP_ID_PATTERN }),
        product: codeOf(fields, 'product'),
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

/**
 * Reads a `Consent:Use` request: the data items it reads, and the loan it serves, which a purpose in
 * LOAN_BOUND_PURPOSES requires. A null inquiry fingerprint or loan reference is refused, not read as absent.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT naming the field.
 */
export function readUse(fields: Fields): Use {
    const consentId = consentIdOf(fields);
    const purpose = codeOf(fields, 'purpose');
    const dataScope = dataScopeOf(fields);
    const inquiryFingerprint =
        fields.inquiryFingerprint === undefined ? undefined : fingerprint(fields, 'inquiryFingerprint');
    if (fields.loanRef === undefined && LOAN_BOUND_PURPOSES.includes(purpose)) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `loanRef is required for a ${purpose} use`, {
            field: 'loanRef',
            purpose,
        });
    }
    const loan = fields.loanRef === undefined ? undefined : loanRef(fields);
    return {
        consentId,
        purpose,
        dataScope,
        ...(loan ? { loanRef: loan } : {}),
        ...(inquiryFingerprint ? { inquiryFingerprint } : {}),
    };
}

/** Reads a `Consent:Withdraw` request. */
export function readWithdrawal(fields: Fields): Withdrawal {
    return { consentId: consentIdOf(fields), reasonCode: codeOf(fields, 'reasonCode') };
}

/** Reads a `Consent:ListBySubject` request. */
export function readSubjectQuery(fields: Fields): SubjectQuery {
    return { subject: text(fields, 'subject', { max: 69, pattern: SUBJECT_PATTERN }), page: pageRequestOf(fields) };
}

/**
 * Reads a `Consent:ListUsesByGrantee` request: the window [from, to) must not run backwards.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT naming the field.
 */
export function readGranteeUsesQuery(fields: Fields): GranteeUsesQuery {
    const grantee = optionalText(fields, 'grantee', { max: 64, pattern: MSP_ID_PATTERN });
    const from = isoTime(fields, 'from');
    const to = isoTime(fields, 'to');
    // Both are normalised to one length, so string order is time order.
    if (from > to) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'from must not be later than to', {
            field: 'from',
            from,
            to,
        });
    }
    return { ...(grantee ? { grantee } : {}), from, to, page: pageRequestOf(fields) };
}
