import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type GatewayConfig } from './gateway-config.js';
import { ConfigError } from './load-config.js';
import { settingLabel } from './settings.js';

/** A Fabric user of the organisation: its enrolment certificate and private key. */
export interface FabricIdentityMaterial {
    readonly certificate: Buffer;
    readonly privateKey: KeyObject;
}

/** The files the Fabric connection needs, read and checked at start-up. */
export interface FabricMaterials {
    readonly peerTlsRootCert: Buffer;
    readonly identities: ReadonlyMap<string, FabricIdentityMaterial>;
}

/**
 * Reads the peer TLS root and every identity's certificate and key, and checks that each key is one Fabric can
 * sign with (EC P-256/P-384 or Ed25519) and belongs to its certificate.
 *
 * @throws {@link ConfigError} naming each unreadable or mismatched file by its setting.
 */
export function readFabricMaterials(config: GatewayConfig): FabricMaterials {
    const problems: string[] = [];
    const attempt = <T>(setting: string, read: () => T): T | undefined => {
        try {
            return read();
        } catch (error) {
            problems.push(`${setting}: ${(error as Error).message}`);
            return undefined;
        }
    };
    const peerTlsRootCert = attempt(settingLabel('peer.tlsRootCertPath'), () =>
        readCertificate(config.peer.tlsRootCertPath),
    );
    const identities = new Map<string, FabricIdentityMaterial>();
    for (const [subject, paths] of Object.entries(config.identities)) {
        const certificate = attempt(`identities.${subject}.certPath`, () => readCertificate(paths.certPath));
        const privateKey = attempt(`identities.${subject}.keyPath`, () => readPrivateKey(paths.keyPath));
        if (certificate && privateKey) {
            attempt(`identities.${subject}`, () => checkKeyMatches(certificate, privateKey));
            identities.set(subject, { certificate, privateKey });
        }
    }
    if (problems.length > 0 || !peerTlsRootCert) {
        throw new ConfigError(problems);
    }
    return { peerTlsRootCert, identities };
}

function readCertificate(file: string): Buffer {
    const content = readFileSync(file);
    if (!content.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
        throw new Error(`${file} holds no PEM certificate`);
    }
    // A damaged TLS root would otherwise surface only as an obscure gRPC handshake failure after start-up.
    try {
        new X509Certificate(content);
    } catch (error) {
        throw new Error(`${file} is not a valid certificate: ${(error as Error).message}`, { cause: error });
    }
    return content;
}

function readPrivateKey(file: string): KeyObject {
    const key = createPrivateKey(readFileSync(file));
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const supported = key.asymmetricKeyType === 'ed25519' || curve === 'prime256v1' || curve === 'secp384r1';
    if (!supported) {
        throw new Error(`${file}: Fabric signs with EC P-256, P-384 or Ed25519 keys, not ${key.asymmetricKeyType}`);
    }
    return key;
}

function checkKeyMatches(certificate: Buffer, privateKey: KeyObject): void {
    if (!new X509Certificate(certificate).checkPrivateKey(privateKey)) {
        throw new Error('the private key does not belong to the certificate');
    }
}
