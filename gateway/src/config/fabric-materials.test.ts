import 'reflect-metadata';
import { KeyObject, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFabricMaterials } from './fabric-materials.js';
import { type GatewayConfig } from './gateway-config.js';
import { ConfigError, loadConfig } from './load-config.js';

x509.cryptoProvider.set(crypto);

type Curve = 'P-256' | 'P-384';

/** A throwaway self-signed certificate and its PKCS#8 key, as cryptogen writes them (PEM). */
interface TestCredentials {
    readonly certPem: string;
    readonly keyPem: string;
}

async function newCredentials(name: string, curve: Curve = 'P-256'): Promise<TestCredentials> {
    const algorithm = { name: 'ECDSA', namedCurve: curve, hash: curve === 'P-256' ? 'SHA-256' : 'SHA-384' };
    const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01',
        name: `CN=${name}`,
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2049-12-31T00:00:00Z'),
        keys,
        signingAlgorithm: algorithm,
    });
    const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { certPem: certificate.toString('pem'), keyPem };
}

function pemOf(key: KeyObject): string {
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

let dir: string;
let tlsCa: TestCredentials;
let user1: TestCredentials;
let user2: TestCredentials;

beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fabric-materials-'));
    [tlsCa, user1, user2] = await Promise.all([
        newCredentials('tlsca'),
        newCredentials('User1'),
        newCredentials('User2'),
    ]);
    await writeFile(join(dir, 'tlsca.pem'), tlsCa.certPem);
    await writeFile(join(dir, 'u1-cert.pem'), user1.certPem);
    await writeFile(join(dir, 'u1-key.pem'), user1.keyPem);
    await writeFile(join(dir, 'u2-cert.pem'), user2.certPem);
    await writeFile(join(dir, 'u2-key.pem'), user2.keyPem);
});

afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
});

type Identities = Record<string, { certPath: string; keyPath: string }>;

const VALID_IDENTITIES: Identities = {
    User1: { certPath: 'u1-cert.pem', keyPath: 'u1-key.pem' },
    User2: { certPath: 'u2-cert.pem', keyPath: 'u2-key.pem' },
};

let fileCount = 0;

async function configWith(identities: Identities, tlsRootCertPath = 'tlsca.pem'): Promise<GatewayConfig> {
    fileCount += 1;
    const file = join(dir, `gateway-${fileCount}.json`);
    const settings = {
        org: 'bank',
        mspId: 'BankMSP',
        peer: { endpoint: 'localhost:7051', tlsRootCertPath },
        identities,
        auth: { issuer: 'https://idp.example.com/', jwksUrl: 'https://idp.example.com/jwks.json' },
    };
    await writeFile(file, JSON.stringify(settings));
    return loadConfig({ file, env: {} });
}

/** The problems readFabricMaterials reports, or a failure when it accepts the files. */
function problemsOf(config: GatewayConfig): readonly string[] {
    try {
        readFabricMaterials(config);
    } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
}

async function writeFixture(name: string, content: string): Promise<string> {
    await writeFile(join(dir, name), content);
    return name;
}

describe('readFabricMaterials', () => {
    it('reads the peer TLS root and every identity', async () => {
        const materials = readFabricMaterials(await configWith(VALID_IDENTITIES));
        expect(materials.peerTlsRootCert.toString('utf8')).toBe(tlsCa.certPem);
        expect([...materials.identities.keys()]).toEqual(['User1', 'User2']);
        const first = materials.identities.get('User1');
        expect(first?.certificate.toString('utf8')).toBe(user1.certPem);
        expect(first?.privateKey.asymmetricKeyType).toBe('ec');
        expect(first?.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    });

    it('accepts P-384 and Ed25519 keys', async () => {
        const p384 = await newCredentials('User3', 'P-384');
        await writeFixture('u3-cert.pem', p384.certPem);
        await writeFixture('u3-key.pem', p384.keyPem);
        const materials = readFabricMaterials(
            await configWith({ User3: { certPath: 'u3-cert.pem', keyPath: 'u3-key.pem' } }),
        );
        expect(materials.identities.get('User3')?.privateKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');

        // An Ed25519 key passes the key-type check; its mismatch with the EC certificate is then reported.
        const ed25519 = await writeFixture('ed25519.pem', pemOf(generateKeyPairSync('ed25519').privateKey));
        const problems = problemsOf(await configWith({ User1: { certPath: 'u1-cert.pem', keyPath: ed25519 } }));
        expect(problems).toEqual(['identities.User1: the private key does not belong to the certificate']);
    });

    it('names identities.<subject>.certPath when the certificate file is missing', async () => {
        const problems = problemsOf(
            await configWith({ ...VALID_IDENTITIES, User2: { certPath: 'absent.pem', keyPath: 'u2-key.pem' } }),
        );
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^identities\.User2\.certPath: ENOENT: .*absent\.pem/);
    });

    it('names identities.<subject>.keyPath when the key file is missing', async () => {
        const problems = problemsOf(await configWith({ User1: { certPath: 'u1-cert.pem', keyPath: 'absent.key' } }));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^identities\.User1\.keyPath: ENOENT: .*absent\.key/);
    });

    it('names peer.tlsRootCertPath with its variable when the TLS root is missing', async () => {
        const problems = problemsOf(await configWith(VALID_IDENTITIES, 'absent-ca.pem'));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^peer\.tlsRootCertPath \(GATEWAY_PEER_TLS_ROOT_CERT_PATH\): ENOENT/);
    });

    it('refuses a certificate file that holds no PEM certificate', async () => {
        const notPem = await writeFixture('not-pem.txt', 'hello');
        const problems = problemsOf(await configWith({ User1: { certPath: notPem, keyPath: 'u1-key.pem' } }, notPem));
        expect(problems).toEqual([
            `peer.tlsRootCertPath (GATEWAY_PEER_TLS_ROOT_CERT_PATH): ${join(dir, notPem)} holds no PEM certificate`,
            `identities.User1.certPath: ${join(dir, notPem)} holds no PEM certificate`,
        ]);
    });

    it('refuses a TLS root whose PEM block is not a certificate', async () => {
        const broken = await writeFixture(
            'broken-ca.pem',
            '-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n',
        );
        const problems = problemsOf(await configWith(VALID_IDENTITIES, broken));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(
            `peer.tlsRootCertPath (GATEWAY_PEER_TLS_ROOT_CERT_PATH): ${join(dir, broken)} is not a valid certificate`,
        );
    });

    it('refuses a key file that is not a PEM private key', async () => {
        const problems = problemsOf(await configWith({ User1: { certPath: 'u1-cert.pem', keyPath: 'u1-cert.pem' } }));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^identities\.User1\.keyPath: /);
    });

    it('refuses a key that does not belong to its certificate', async () => {
        const problems = problemsOf(
            await configWith({ ...VALID_IDENTITIES, User1: { certPath: 'u1-cert.pem', keyPath: 'u2-key.pem' } }),
        );
        expect(problems).toEqual(['identities.User1: the private key does not belong to the certificate']);
    });

    it('refuses an RSA key: Fabric signs with EC or Ed25519 keys', async () => {
        const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
        const keyPath = await writeFixture('rsa.pem', pemOf(rsa));
        const problems = problemsOf(await configWith({ User1: { certPath: 'u1-cert.pem', keyPath } }));
        expect(problems).toEqual([
            `identities.User1.keyPath: ${join(dir, keyPath)}: Fabric signs with EC P-256, P-384 or Ed25519 keys, not rsa`,
        ]);
    });

    it('refuses an EC key on a curve Fabric does not sign with', async () => {
        const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
        const keyPath = await writeFixture('secp256k1.pem', pemOf(secp256k1));
        const problems = problemsOf(await configWith({ User1: { certPath: 'u1-cert.pem', keyPath } }));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^identities\.User1\.keyPath: .*Fabric signs with EC P-256, P-384 or Ed25519/);
    });

    it('reports the problems of every identity at once', async () => {
        const problems = problemsOf(
            await configWith({
                User1: { certPath: 'u1-cert.pem', keyPath: 'u2-key.pem' },
                User2: { certPath: 'absent.pem', keyPath: 'absent.key' },
            }),
        );
        expect(problems.map((problem) => problem.split(':')[0])).toEqual([
            'identities.User1',
            'identities.User2.certPath',
            'identities.User2.keyPath',
        ]);
    });
});
