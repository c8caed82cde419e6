import { type CheckStatus } from '../checks/check-result.js';

/** Every check a signed report goes through, in the order they are reported. */
export const REPORT_CHECK_NAMES = [
    'jws-format',
    'algorithm',
    'signature',
    'certificate-chain',
    'issuer-organisation',
    'canonical-payload',
    'report-format',
    'report-time',
] as const;

/** Name of a report check. */
export type ReportCheckName = (typeof REPORT_CHECK_NAMES)[number];

/** The outcome of one report check: the shape of a receipt's {@link CheckResult}, with the report's check names. */
export interface ReportCheckResult {
    readonly name: ReportCheckName;
    readonly status: CheckStatus;
    /** What the check establishes when it passes. */
    readonly title: string;
    /** Why it passed or failed, with the values compared. */
    readonly reason: string;
}

/** What each report check proves when it passes. */
export const REPORT_CHECK_TITLES: Readonly<Record<ReportCheckName, string>> = Object.freeze({
    'jws-format': 'The report is a compact JWS of type lendledger-notary-report+jws carrying its signer certificate',
    algorithm: 'The signature algorithm is ES256 or ES384 and matches the signer certificate’s key',
    signature: 'The signer certificate’s key signed the report exactly as it reads',
    'certificate-chain': 'The signer certificate chains to a consortium root and was valid when the report was issued',
    'issuer-organisation': 'The report was issued by a member of the notary organisation (NotaryMSP)',
    'canonical-payload': 'The signed payload is canonical JSON, so it has one reading',
    'report-format': 'The payload is a well-formed lendledger-notary-report/1 document whose verdicts agree',
    'report-time':
        'A trusted time-stamping authority dated the signed report: it existed no later than the time stated',
});

/** A passing report check. */
export function passReport(name: ReportCheckName, reason: string): ReportCheckResult {
    return { name, status: 'pass', title: REPORT_CHECK_TITLES[name], reason };
}

/** A failing report check. */
export function failReport(name: ReportCheckName, reason: string): ReportCheckResult {
    return { name, status: 'fail', title: REPORT_CHECK_TITLES[name], reason };
}
