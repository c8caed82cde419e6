import * as pkijs from 'pkijs';
import { toHex } from '../encoding/bytes.js';
import { parseCertificate } from '../x509/certificate.js';
import { signingCertificateMismatch } from './signing-certificate.js';
import { parsedAuthorities, type ParsedAuthority, type TrustedTimestampAuthority } from './timestamp-authorities.js';
import { decodeTimestampToken, TimestampTokenError, type DecodedTimestampToken } from './timestamp-token.js';
import { imprintHashOf, TSP_OIDS } from './tsp-oids.js';

/** A token that verified: when, according to whom. */
export interface TrustedTime {
    /** The TSTInfo's genTime: the data existed no later than this. */
    readonly genTime: Date;
    /** Name of the authority in the roots bundle the signer chains to. */
    readonly authority: string;
    /** Subject of the TSA certificate that signed, RFC 4514. */
    readonly subject: string;
    readonly serial: string;
}

/** The outcome of checking a time-stamp token; a failure says why, in words. */
export type TimestampVerdict =
    ({ readonly ok: true; readonly reason: string } & TrustedTime) | { readonly ok: false; readonly reason: string };

/**
 * Checks an RFC 3161 time-stamp token over `data`: the imprint is the hash of `data` with the algorithm the token
 * names (SHA-256 or stronger), the signature over the TSTInfo verifies with the certificate the signed attributes
 * name, that certificate is a time-stamping certificate (extended key usage id-kp-timeStamping only, critical),
 * and it chains to one of `authorities` with every certificate valid at the token's genTime.
 *
 * @param data - what was time-stamped (a block header's DER, a report's compact JWS).
 * @param what - how reasons name `data`.
 */
export async function verifyTimestampToken(
    token: Uint8Array,
    data: Uint8Array,
    authorities: readonly TrustedTimestampAuthority[],
    what = 'the time-stamped data',
): Promise<TimestampVerdict> {
    let decoded: DecodedTimestampToken;
    try {
        decoded = decodeTimestampToken(token);
    } catch (error) {
        return refused(error instanceof TimestampTokenError ? error.message : String(error));
    }
    const hash = imprintHashOf(decoded.imprint.algorithm);
    if (hash === undefined) {
        return refused(`the token's imprint hashes with ${decoded.imprint.algorithm}, not SHA-256 or stronger`);
    }
    const expected = hash.digest(data);
    if (toHex(decoded.imprint.hashedMessage) !== toHex(expected)) {
        return refused(
            `the token's imprint ${toHex(decoded.imprint.hashedMessage)} is not the ${hash.name} of ${what} (${toHex(expected)})`,
        );
    }
    const signer = await verifySignature(decoded, data);
    if (typeof signer === 'string') {
        return refused(signer);
    }
    const signerDer = new Uint8Array(signer.toSchema().toBER());
    const subject = parseCertificate(signerDer).subject.text;
    const unfit = signerProblem(decoded, signer, signerDer, subject);
    if (unfit !== undefined) {
        return refused(unfit);
    }
    const { genTime } = decoded;
    const authority = await chainingAuthority(signer, decoded, parsedAuthorities(authorities));
    if (typeof authority !== 'string') {
        return refused(
            `the signer ${subject} does not chain to a time-stamping authority of the roots (${authority.why})`,
        );
    }
    return {
        ok: true,
        reason: `no later than ${genTime.toISOString()}, according to TSA ${subject} (authority "${authority}", token ${decoded.serial})`,
        genTime,
        authority,
        subject,
        serial: decoded.serial,
    };
}

/**
 * Why the certificate that signed may not date anything at genTime, or `undefined` when it may: it must be the one
 * the signed ESS attribute names, a time-stamping certificate, and within its validity period.
 */
function signerProblem(
    decoded: DecodedTimestampToken,
    signer: pkijs.Certificate,
    signerDer: Uint8Array,
    subject: string,
): string | undefined {
    const attributes = decoded.signedData.signerInfos[0]!.signedAttrs?.attributes ?? [];
    const bound = signingCertificateMismatch(attributes, signerDer);
    if (bound !== undefined) {
        return bound;
    }
    const usage = timeStampingUsageProblem(signer);
    if (usage !== undefined) {
        return `the signer ${subject} ${usage}`;
    }
    const { genTime } = decoded;
    const { notBefore, notAfter } = signer;
    if (genTime < notBefore.value || genTime > notAfter.value) {
        const window = `${notBefore.value.toISOString()} to ${notAfter.value.toISOString()}`;
        return `the signer ${subject} was not valid at ${genTime.toISOString()} (valid ${window})`;
    }
    return undefined;
}

function refused(reason: string): TimestampVerdict {
    return { ok: false, reason };
}

/** The signer's certificate when the CMS signature over the TSTInfo verifies with it, else why not. */
async function verifySignature(decoded: DecodedTimestampToken, data: Uint8Array): Promise<pkijs.Certificate | string> {
    try {
        const result = await decoded.signedData.verify({
            signer: 0,
            data: data.slice().buffer,
            extendedMode: true,
            checkChain: false,
        });
        if (!result.signatureVerified || !result.signerCertificate) {
            return "the TSA's signature over the token does not verify";
        }
        return result.signerCertificate;
    } catch (error) {
        const message = error instanceof pkijs.SignedDataVerifyError ? error.message : String(error);
        return `the TSA's signature over the token does not verify: ${message}`;
    }
}

/** Why the certificate may not sign time-stamps (RFC 3161 §2.3), or `undefined` when it may. */
function timeStampingUsageProblem(certificate: pkijs.Certificate): string | undefined {
    const extensions = (certificate.extensions ?? []).filter((e) => e.extnID === TSP_OIDS.extKeyUsage);
    if (extensions.length !== 1) {
        return 'has no extended key usage extension: it is not a time-stamping certificate';
    }
    const extension = extensions[0]!;
    const purposes = (extension.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
    if (purposes.length !== 1 || purposes[0] !== TSP_OIDS.timeStamping) {
        return `has extended key usage ${purposes.join(', ') || 'none'}, not only id-kp-timeStamping`;
    }
    if (!extension.critical) {
        return 'has id-kp-timeStamping in an extended key usage extension not marked critical';
    }
    return undefined;
}

/** The authority whose certificates the signer chains to (valid at genTime), or why none does. */
async function chainingAuthority(
    signer: pkijs.Certificate,
    decoded: DecodedTimestampToken,
    authorities: readonly ParsedAuthority[],
): Promise<string | { why: string }> {
    if (authorities.length === 0) {
        return { why: 'the roots bundle names no time-stamping authority' };
    }
    const carried = decoded.certificates.filter((certificate) => certificate !== signer);
    const reasons: string[] = [];
    for (const authority of authorities) {
        const engine = new pkijs.CertificateChainValidationEngine({
            trustedCerts: [...authority.certificates],
            // The engine takes the last certificate as the one whose path it builds.
            certs: [...carried, signer],
            checkDate: decoded.genTime,
        });
        const result = await engine.verify().catch((error: unknown) => ({
            result: false,
            resultMessage: String((error as { resultMessage?: string }).resultMessage ?? error),
        }));
        if (result.result) {
            return authority.name;
        }
        reasons.push(`${authority.name}: ${result.resultMessage}`);
    }
    return { why: reasons.join('; ') };
}
