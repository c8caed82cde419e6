import { MSP_IDS } from '@lendledger/domain';
import { type CheckName, type CheckResult } from '../checks/check-result.js';
import { parseReceipt } from '../receipt/parse-receipt.js';
import { type Receipt, type ReceiptIdentity } from '../receipt/receipt.js';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { type VerificationResult } from '../verify-receipt.js';
import { COURT_QUESTIONS, type CourtQuestion } from './court-questions.js';
import { ReportBuildError } from './report-build-error.js';
import {
    REPORT_FORMAT,
    type CreationFinding,
    type Finding,
    type IntegrityFinding,
    type NotaryReportPayload,
    type ReportAlgorithm,
    type ReportIdentity,
    type ReportIssuer,
    type ReportItem,
} from './report-payload.js';
import { trustAnchorsOf } from './trust-anchors.js';
import { VERIFIER_NAME, VERIFIER_VERSION } from './verifier-version.js';

/** The organisation that issues notary reports. */
export const NOTARY_MSP_ID = MSP_IDS.notary;

/** One verified receipt: the verifier's result and the receipt it was given. */
export interface ReportEntry {
    readonly result: VerificationResult;
    /** The receipt's JSON; its summary supplies the facts of the report once the `summary` check passed. */
    readonly receipt?: unknown;
}

/** What the notary says about the report itself. The caller supplies the time: the library never reads a clock. */
export interface ReportMeta {
    readonly reportId: string;
    /** ISO-8601 time of issue. */
    readonly issuedAt: string;
    readonly caseId?: string;
    /** The signing member; its MSP must be the notary's (`NotaryMSP`, the default). */
    readonly issuer: { readonly subject: string; readonly mspId?: string };
    /** The roots the receipts were verified against, listed in the report with their SHA-256. */
    readonly roots: RootsBundle;
}

const ALGORITHMS: readonly ReportAlgorithm[] = [
    {
        name: 'SHA-256',
        standard: 'FIPS 180-4',
        usedFor: 'document fingerprints, transaction IDs, block data hashes, certificate fingerprints',
    },
    {
        name: 'ECDSA P-256 with SHA-256',
        standard: 'FIPS 186-4, RFC 5480',
        usedFor: 'signatures of the submitting client, the endorsing peers, the orderer and the certificate issuers',
    },
    {
        name: 'Merkle inclusion proof',
        standard: 'RFC 9162 section 2.1 (SHA-256)',
        usedFor: 'fingerprints anchored in a batch',
    },
    {
        name: 'X.509 certification path',
        standard: 'RFC 5280',
        usedFor: 'every signer certificate chains to a consortium root and was valid when it signed',
    },
    {
        name: 'JWS ES256 or ES384 over canonical JSON',
        standard: 'RFC 7515, RFC 7518',
        usedFor: "the notary's signature on this report",
    },
];

/**
 * Arranges receipt verification results by what a court examines: who wrote the record and when, whether it is
 * unchanged, who witnessed it, and how it was verified. The result is what {@link signReport} signs.
 *
 * @throws {@link ReportBuildError} when the meta data is incomplete, names another MSP than the notary's, or
 *   `issuedAt` is not a time.
 * @throws {@link CertificateParseError} when a certificate of the roots bundle cannot be read.
 * @example
 * const payload = buildReportPayload([{ result: await verifyReceipt(receipt, { roots }), receipt }], {
 *     reportId: 'NR-2026-0001', issuedAt: new Date().toISOString(), issuer: { subject }, roots,
 * });
 */
export function buildReportPayload(entries: readonly ReportEntry[], meta: ReportMeta): NotaryReportPayload {
    const issuedAt = Date.parse(meta.issuedAt);
    if (Number.isNaN(issuedAt)) {
        throw new ReportBuildError('issuedAt', `"${meta.issuedAt}" is not an ISO-8601 time`);
    }
    if (meta.reportId.trim() === '') {
        throw new ReportBuildError('reportId', 'the report ID is empty');
    }
    if (meta.issuer.subject.trim() === '') {
        throw new ReportBuildError('issuer.subject', 'the issuer subject is empty');
    }
    const issuer: ReportIssuer = { mspId: meta.issuer.mspId ?? NOTARY_MSP_ID, subject: meta.issuer.subject };
    if (issuer.mspId !== NOTARY_MSP_ID) {
        throw new ReportBuildError('issuer.mspId', `reports are issued by ${NOTARY_MSP_ID}, not ${issuer.mspId}`);
    }
    const items = entries.map(itemOf);
    const verified = items.filter((item) => item.verdict === 'verified').length;
    return {
        format: REPORT_FORMAT,
        reportId: meta.reportId,
        issuedAt: new Date(issuedAt).toISOString(),
        ...(meta.caseId === undefined ? {} : { caseId: meta.caseId }),
        issuer,
        verdict: items.length > 0 && verified === items.length ? 'verified' : 'not-verified',
        counts: { items: items.length, verified, notVerified: items.length - verified },
        method: {
            verifier: VERIFIER_NAME,
            verifierVersion: VERIFIER_VERSION,
            algorithms: ALGORITHMS,
            trustAnchors: trustAnchorsOf(meta.roots),
        },
        items,
    };
}

type ChecksByName = ReadonlyMap<CheckName, CheckResult>;

function itemOf({ result, receipt }: ReportEntry): ReportItem {
    const byName: ChecksByName = new Map(result.checks.map((check) => [check.name, check]));
    // The summary is the receipt's own account; only once the summary check confirmed it against the block's bytes
    // does the report repeat it as fact.
    const confirmed = byName.get('summary')?.status === 'pass' ? readReceipt(receipt) : undefined;
    return {
        fingerprint: result.fingerprint ?? null,
        verdict: result.ok ? 'verified' : 'not-verified',
        creation: creationOf(result, confirmed, byName),
        integrity: integrityOf(result, confirmed, byName),
        witnesses: {
            ...findingOf('witnesses', byName),
            endorsedBy: confirmed ? confirmed.summary.endorsedBy.map(identityOf) : [],
            orderedBy: confirmed ? confirmed.summary.orderedBy.map(identityOf) : [],
        },
        method: { ...findingOf('method', byName), receiptFormat: confirmed?.format ?? null },
    };
}

function creationOf(result: VerificationResult, confirmed: Receipt | undefined, byName: ChecksByName): CreationFinding {
    const finding = findingOf('creation', byName);
    if (confirmed === undefined) {
        return {
            ...finding,
            writtenBy: null,
            time: null,
            blockNumber: null,
            transactionId: result.transactionId ?? null,
            transactionIndex: null,
            channel: null,
            chaincode: null,
            function: null,
        };
    }
    const { summary } = confirmed;
    return {
        ...finding,
        writtenBy: identityOf(summary.writtenBy),
        time: summary.time,
        blockNumber: summary.blockNumber,
        transactionId: summary.transactionId,
        transactionIndex: summary.transactionIndex,
        channel: summary.channel,
        chaincode: summary.chaincode,
        function: summary.function,
    };
}

function integrityOf(
    result: VerificationResult,
    confirmed: Receipt | undefined,
    byName: ChecksByName,
): IntegrityFinding {
    const anchor = byName.get('inclusion-proof')?.status === 'pass' ? confirmed?.anchor : undefined;
    return {
        ...findingOf('integrity', byName),
        fingerprint: result.fingerprint ?? null,
        written: confirmed ? { key: confirmed.summary.key, member: confirmed.summary.member } : null,
        anchor: anchor ? { anchorId: anchor.anchorId, index: anchor.index, treeSize: anchor.treeSize } : null,
        documentPresented: byName.get('document-hash')?.status !== 'skip',
    };
}

function findingOf(question: CourtQuestion, byName: ChecksByName): Finding {
    const { question: text, checks: names } = COURT_QUESTIONS[question];
    const checks = names.map((name) => {
        const check = byName.get(name);
        return check === undefined
            ? { id: name, status: 'fail' as const, title: name, detail: 'not in the verification result' }
            : { id: name, status: check.status, title: check.title, detail: check.reason };
    });
    return {
        question: text,
        verdict: checks.every((check) => check.status !== 'fail') ? 'established' : 'not-established',
        checks,
    };
}

function readReceipt(value: unknown): Receipt | undefined {
    try {
        return value === undefined ? undefined : parseReceipt(value);
    } catch {
        return undefined;
    }
}

function identityOf(identity: ReceiptIdentity): ReportIdentity {
    return {
        mspId: identity.mspId,
        subject: identity.subject,
        ...(identity.role === undefined ? {} : { role: identity.role }),
    };
}
