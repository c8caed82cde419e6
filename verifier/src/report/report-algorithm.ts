import { importSPKI, type CryptoKey } from 'jose';
import { type EcPublicKey } from '../x509/certificate.js';
import { toPem } from '../x509/pem.js';

/** The only JWS algorithms a notary report may use; everything else (`none`, HMAC, RSA) is refused. */
export const REPORT_ALGORITHMS = ['ES256', 'ES384'] as const;

/** A JWS algorithm a report may use. */
export type ReportAlgorithmName = (typeof REPORT_ALGORITHMS)[number];

const CURVES: Readonly<Record<string, ReportAlgorithmName>> = {
    '1.2.840.10045.3.1.7': 'ES256',
    '1.3.132.0.34': 'ES384',
};

/** The algorithm that goes with an EC key's curve: ES256 for P-256, ES384 for P-384, otherwise `undefined`. */
export function algorithmForKey(key: EcPublicKey): ReportAlgorithmName | undefined {
    return CURVES[key.curve];
}

/** Whether a header's `alg` is one a report may use. */
export function isReportAlgorithm(alg: unknown): alg is ReportAlgorithmName {
    return (REPORT_ALGORITHMS as readonly unknown[]).includes(alg);
}

/** A certificate's public key as jose verifies with it. */
export function verificationKey(key: EcPublicKey, alg: ReportAlgorithmName): Promise<CryptoKey> {
    return importSPKI(toPem(key.spki, 'PUBLIC KEY'), alg);
}
