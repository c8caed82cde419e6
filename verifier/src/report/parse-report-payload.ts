import { CHECK_NAMES } from '../checks/check-result.js';
import { REPORT_FORMAT, type NotaryReportPayload, type ReportItem } from './report-payload.js';
import { CodedError } from '@lendledger/domain';

/** Thrown when a signed payload is not a notary report this verifier reads; `path` locates the problem. */
export class ReportFormatError extends CodedError {
    readonly path: string;

    constructor(path: string, message: string) {
        super('REPORT_FORMAT_INVALID', `${message} at ${path}`);
        this.path = path;
    }
}

type Json = Record<string, unknown>;

const FINDINGS = ['creation', 'integrity', 'witnesses', 'method'] as const;

/**
 * Reads a report payload and checks that its verdicts agree with its checks: an item is `verified` exactly when no
 * check failed, and the report is `verified` exactly when every item is.
 *
 * @throws {@link ReportFormatError} when a member is missing or mistyped, or a verdict contradicts the checks.
 */
export function parseReportPayload(value: unknown): NotaryReportPayload {
    const report = object(value, '$');
    if (report['format'] !== REPORT_FORMAT) {
        throw new ReportFormatError('$.format', `the format is not ${REPORT_FORMAT}`);
    }
    text(report, 'reportId', '$');
    if (Number.isNaN(Date.parse(text(report, 'issuedAt', '$')))) {
        throw new ReportFormatError('$.issuedAt', 'the time of issue is not an ISO-8601 time');
    }
    if (report['caseId'] !== undefined) {
        text(report, 'caseId', '$');
    }
    const issuer = object(report['issuer'], '$.issuer');
    text(issuer, 'mspId', '$.issuer');
    text(issuer, 'subject', '$.issuer');
    const method = object(report['method'], '$.method');
    text(method, 'verifierVersion', '$.method');
    array(method['algorithms'], '$.method.algorithms');
    array(method['trustAnchors'], '$.method.trustAnchors');
    const items = array(report['items'], '$.items').map((item, i) => readItem(item, `$.items[${i}]`));
    const verified = items.filter((item) => item.verdict === 'verified').length;
    const counts = object(report['counts'], '$.counts');
    if (counts['items'] !== items.length || counts['verified'] !== verified) {
        throw new ReportFormatError('$.counts', 'the counts do not match the items');
    }
    const expected = items.length > 0 && verified === items.length ? 'verified' : 'not-verified';
    if (report['verdict'] !== expected) {
        throw new ReportFormatError('$.verdict', `the verdict must be ${expected} given the items`);
    }
    return value as NotaryReportPayload;
}

function readItem(value: unknown, path: string): ReportItem {
    const item = object(value, path);
    const failed = FINDINGS.flatMap((name) => readFinding(item[name], `${path}.${name}`));
    const expected = failed.length === 0 ? 'verified' : 'not-verified';
    if (item['verdict'] !== expected) {
        throw new ReportFormatError(`${path}.verdict`, `the verdict must be ${expected} given its checks`);
    }
    return value as ReportItem;
}

/** Reads one finding; returns the IDs of its failed checks. */
function readFinding(value: unknown, path: string): string[] {
    const finding = object(value, path);
    text(finding, 'question', path);
    const checks = array(finding['checks'], `${path}.checks`).map((check, i) => {
        const at = `${path}.checks[${i}]`;
        const read = object(check, at);
        if (!(CHECK_NAMES as readonly unknown[]).includes(read['id'])) {
            throw new ReportFormatError(`${at}.id`, 'not a receipt check');
        }
        if (!['pass', 'fail', 'skip'].includes(read['status'] as string)) {
            throw new ReportFormatError(`${at}.status`, 'the status is not pass, fail or skip');
        }
        text(read, 'detail', at);
        return read;
    });
    const failed = checks.filter((check) => check['status'] === 'fail').map((check) => String(check['id']));
    const expected = failed.length === 0 ? 'established' : 'not-established';
    if (finding['verdict'] !== expected) {
        throw new ReportFormatError(`${path}.verdict`, `the verdict must be ${expected} given its checks`);
    }
    return failed;
}

function object(value: unknown, path: string): Json {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ReportFormatError(path, 'an object is expected');
    }
    return value as Json;
}

function array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) {
        throw new ReportFormatError(path, 'an array is expected');
    }
    return value;
}

function text(parent: Json, member: string, path: string): string {
    const value = parent[member];
    if (typeof value !== 'string' || value === '') {
        throw new ReportFormatError(`${path}.${member}`, 'a non-empty string is expected');
    }
    return value;
}
