/**
 * Values shaped like the personal data a careless or hostile client might put in a field meant for a code. Tests
 * submit them in every string field of every write and expect a refusal; the ledger scan after the integration
 * suites searches every block for them and expects no hit. They belong to no real person: the resident ID uses the
 * 1949-12-31 birth date, the card numbers are a bank's test range, the mobile number is a textbook example.
 */
export const PII_SAMPLES = Object.freeze({
    residentId: '110105194912310021',
    residentIdWithX: '11010519491231002X',
    mobile: '13812345678',
    card16: '6222021234567894',
    card19: '6222021234567890123',
    email: 'zhang.san@example.com',
    chineseName: '张三',
    // The same numbers split by separators, which a rule on digits in a row alone would let through.
    cardSeparated: '4111-1111-1111-1111',
    mobileSeparated: '138-0013-8000',
    mobileAsCode: 'TEL_138_0013_8000',
    residentIdSeparated: '110105-1949-1231-002X',
} as const);

/** The kind of a personal-data-shaped sample. */
export type PiiSampleKind = keyof typeof PII_SAMPLES;

/**
 * The samples as submitted, each bare and dressed up as a code (letters in front, upper case), so that patterns
 * that demand a leading letter or upper case are tested on the digits and the `@`, not only on the first character.
 */
export const PII_SHAPED_VALUES: readonly string[] = Object.freeze(
    Object.values(PII_SAMPLES).flatMap((value) => [value, `ID_${value.toUpperCase()}`]),
);
