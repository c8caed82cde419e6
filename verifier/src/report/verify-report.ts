import { canonicalJson } from '@lendledger/domain';
import { base64url, compactVerify } from 'jose';
import { fromBase64, fromUtf8, utf8 } from '../encoding/bytes.js';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { TrustStore } from '../roots/trust-store.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { parseCertificate, type Certificate } from '../x509/certificate.js';
import { NOTARY_MSP_ID } from './build-report-payload.js';
import { parseReportPayload } from './parse-report-payload.js';
import { algorithmForKey, isReportAlgorithm, REPORT_ALGORITHMS, verificationKey } from './report-algorithm.js';
import {
    failReport,
    passReport,
    REPORT_CHECK_NAMES,
    type ReportCheckName,
    type ReportCheckResult,
} from './report-check.js';
import { REPORT_JWS_TYPE, type NotaryReportPayload } from './report-payload.js';
import { verifyTimestampToken, type TrustedTime } from '../timestamp/verify-timestamp-token.js';

/** The outcome of verifying a signed report. */
export interface ReportVerification {
    /** True when every check passed; only then may the payload be relied on. */
    readonly ok: boolean;
    /** The payload when it could be read, even if a check failed (to show what was claimed). */
    readonly payload: NotaryReportPayload | undefined;
    readonly checks: readonly ReportCheckResult[];
    /** When a trusted TSA says the report existed, once its token verified. */
    readonly trustedTime?: TrustedTime;
}

/** What travels beside the JWS. */
export interface VerifyReportOptions {
    /**
     * The report's RFC 3161 token (DER, or its base64) over SHA-256 of the compact JWS. The token cannot be inside
     * the JWS it dates, so the gateway hands it out beside it; without one `report-time` fails.
     */
    readonly timestamp?: Uint8Array | string;
}

interface Envelope {
    readonly header: Readonly<Record<string, unknown>>;
    readonly certificate: Certificate;
    readonly payloadBytes: Uint8Array;
}

interface Issuance {
    readonly mspId: string | undefined;
    readonly check: ReportCheckResult;
}

/**
 * Verifies a notary report offline: its JWS signature with the certificate it carries (ES256 or ES384 only), that
 * certificate against the consortium's roots and the notary organisation, and the payload's canonical form and
 * format. Never throws for a bad report: every problem is a failed check naming what is wrong.
 *
 * @param jws - the compact JWS {@link signReport} produced.
 * @param roots - the consortium's roots bundle, or a trust store shared with receipt verification.
 * @throws {@link RootsBundleError} only when `roots` is a bundle holding an unreadable certificate.
 * @example
 * const { ok, payload, checks } = await verifyReport(jwsText, parseRootsBundle(rootsText));
 */
export async function verifyReport(
    jws: string,
    roots: RootsBundle | TrustStore,
    options: VerifyReportOptions = {},
): Promise<ReportVerification> {
    const trust = roots instanceof TrustStore ? roots : trustStoreFor(roots);
    const compact = jws.trim();
    const results: ReportCheckResult[] = [];
    const envelope = readEnvelope(compact, results);
    let payload: NotaryReportPayload | undefined;
    if (envelope !== undefined) {
        await checkSignature(compact, envelope, results);
        const read = checkPayload(envelope.payloadBytes, results);
        payload = read.payload;
        const issuance = await checkChain(envelope.certificate, read.claims, trust);
        results.push(issuance.check, checkIssuer(envelope.certificate, issuance.mspId, read.claims));
    }
    const time = await checkReportTime(compact, options.timestamp, trust);
    results.push(time.check);
    const checks = complete(results);
    return {
        ok: checks.every((check) => check.status === 'pass'),
        payload,
        checks,
        ...(time.trustedTime ? { trustedTime: time.trustedTime } : {}),
    };
}

/** `report-time`: the token's imprint is the hash of the compact JWS, and it verifies against the bundle's TSAs. */
async function checkReportTime(
    jws: string,
    timestamp: Uint8Array | string | undefined,
    trust: TrustStore,
): Promise<{ check: ReportCheckResult; trustedTime?: TrustedTime }> {
    if (timestamp === undefined) {
        return { check: failReport('report-time', 'no time-stamp token was given with the report') };
    }
    let token: Uint8Array;
    try {
        token = typeof timestamp === 'string' ? fromBase64(timestamp.trim()) : timestamp;
    } catch (error) {
        return { check: failReport('report-time', `the token is not base64: ${(error as Error).message}`) };
    }
    const verdict = await verifyTimestampToken(token, utf8(jws), trust.bundle.timestampAuthorities, 'the compact JWS');
    return verdict.ok
        ? { check: passReport('report-time', verdict.reason), trustedTime: verdict }
        : { check: failReport('report-time', verdict.reason) };
}

function readEnvelope(jws: string, results: ReportCheckResult[]): Envelope | undefined {
    try {
        const parts = jws.split('.');
        if (parts.length !== 3) {
            throw new Error(`a compact JWS has 3 parts, this has ${parts.length}`);
        }
        const header = JSON.parse(fromUtf8(base64url.decode(parts[0]!))) as unknown;
        if (header === null || typeof header !== 'object' || Array.isArray(header)) {
            throw new Error('the protected header is not a JSON object');
        }
        const fields = header as Record<string, unknown>;
        if (fields['typ'] !== REPORT_JWS_TYPE) {
            throw new Error(`typ is ${JSON.stringify(fields['typ'])}, not ${REPORT_JWS_TYPE}`);
        }
        const x5c = fields['x5c'];
        if (!Array.isArray(x5c) || typeof x5c[0] !== 'string') {
            throw new Error('the header carries no x5c certificate');
        }
        const certificate = parseCertificate(fromBase64(x5c[0]));
        results.push(passReport('jws-format', `signed by ${certificate.subject.text}`));
        return { header: fields, certificate, payloadBytes: base64url.decode(parts[1]!) };
    } catch (error) {
        results.push(failReport('jws-format', (error as Error).message));
        return undefined;
    }
}

async function checkSignature(jws: string, envelope: Envelope, results: ReportCheckResult[]): Promise<void> {
    const refuse = (reason: string): void => {
        results.push(failReport('algorithm', reason), failReport('signature', 'not checked: the algorithm is refused'));
    };
    const { alg } = envelope.header;
    if (!isReportAlgorithm(alg)) {
        refuse(`alg ${JSON.stringify(alg)} is refused; only ${REPORT_ALGORITHMS.join(', ')} are allowed`);
        return;
    }
    const expected = algorithmForKey(envelope.certificate.publicKey);
    if (alg !== expected) {
        refuse(`alg ${alg} does not match the certificate key (${expected ?? 'neither P-256 nor P-384'})`);
        return;
    }
    results.push(passReport('algorithm', alg));
    try {
        await compactVerify(jws, await verificationKey(envelope.certificate.publicKey, alg), { algorithms: [alg] });
        results.push(passReport('signature', `${alg} signature of ${envelope.certificate.subject.text} is valid`));
    } catch (error) {
        results.push(failReport('signature', `the signature does not verify: ${(error as Error).message}`));
    }
}

/** What the payload claims about its issue, read loosely so that a malformed report still has its signer checked. */
interface Claims {
    readonly issuedAt: string | undefined;
    readonly issuer: { readonly mspId?: unknown; readonly subject?: unknown } | undefined;
}

interface ReadPayload {
    readonly payload: NotaryReportPayload | undefined;
    readonly claims: Claims;
}

function checkPayload(bytes: Uint8Array, results: ReportCheckResult[]): ReadPayload {
    let text: string;
    let value: unknown;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        value = JSON.parse(text);
    } catch {
        results.push(failReport('canonical-payload', 'the payload is not UTF-8 JSON'));
        return { payload: undefined, claims: { issuedAt: undefined, issuer: undefined } };
    }
    try {
        results.push(
            canonicalJson(value) === text
                ? passReport('canonical-payload', `${bytes.length} bytes of canonical JSON`)
                : failReport('canonical-payload', 'the payload differs from its canonical JSON'),
        );
    } catch (error) {
        results.push(failReport('canonical-payload', (error as Error).message));
    }
    const claims = claimsOf(value);
    try {
        const payload = parseReportPayload(value);
        results.push(passReport('report-format', `${payload.format}, report ${payload.reportId}, ${payload.verdict}`));
        return { payload, claims };
    } catch (error) {
        results.push(failReport('report-format', (error as Error).message));
        return { payload: undefined, claims };
    }
}

function claimsOf(value: unknown): Claims {
    const object = (value ?? {}) as { issuedAt?: unknown; issuer?: unknown };
    const issuedAt =
        typeof object.issuedAt === 'string' && !Number.isNaN(Date.parse(object.issuedAt)) ? object.issuedAt : undefined;
    const issuer = typeof object.issuer === 'object' && object.issuer !== null ? object.issuer : undefined;
    return { issuedAt, issuer };
}

/** Finds the MSP whose roots issued the certificate, trying the notary's first. */
async function checkChain(certificate: Certificate, claims: Claims, trust: TrustStore): Promise<Issuance> {
    if (claims.issuedAt === undefined) {
        return { mspId: undefined, check: failReport('certificate-chain', 'not checked: no readable time of issue') };
    }
    const at = new Date(claims.issuedAt);
    const mspIds = [NOTARY_MSP_ID, ...trust.mspIds.filter((id) => id !== NOTARY_MSP_ID).sort()];
    const reasons: string[] = [];
    for (const mspId of mspIds) {
        const verdict = await trust.validateCertificate(mspId, certificate, at);
        if (verdict.ok) {
            return { mspId, check: passReport('certificate-chain', `at ${at.toISOString()}: ${verdict.reason}`) };
        }
        reasons.push(`${mspId}: ${verdict.reason}`);
    }
    return {
        mspId: undefined,
        check: failReport('certificate-chain', `at ${at.toISOString()}: ${reasons.join('; ')}`),
    };
}

function checkIssuer(certificate: Certificate, mspId: string | undefined, claims: Claims): ReportCheckResult {
    if (mspId === undefined) {
        return failReport('issuer-organisation', 'not checked: the certificate chains to no consortium root');
    }
    if (mspId !== NOTARY_MSP_ID) {
        return failReport('issuer-organisation', `the certificate belongs to ${mspId}, not ${NOTARY_MSP_ID}`);
    }
    const { mspId: claimedMsp, subject } = claims.issuer ?? {};
    if (claimedMsp !== NOTARY_MSP_ID || subject !== certificate.subject.text) {
        return failReport(
            'issuer-organisation',
            `the payload names ${String(subject)} (${String(claimedMsp)}) as issuer but ${certificate.subject.text} signed`,
        );
    }
    return passReport('issuer-organisation', `${certificate.subject.text} of ${NOTARY_MSP_ID}`);
}

/** Every check in the documented order; those that could not run fail as "not checked". */
function complete(results: readonly ReportCheckResult[]): ReportCheckResult[] {
    const byName = new Map<ReportCheckName, ReportCheckResult>(results.map((r) => [r.name, r]));
    return REPORT_CHECK_NAMES.map(
        (name) => byName.get(name) ?? failReport(name, 'not checked: the JWS or its payload could not be read'),
    );
}
