import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { organisationsOf, parseRootsBundle, serialiseRootsBundle, type RootsBundle } from '@lendledger/verifier';
import { exportRootsBundle, mspIdOfDomain, signRootsBundle } from '@lendledger/verifier/node';
import { type ConsortiumOrdering } from '@lendledger/domain';
import { ordererSignCert } from './fabric-config.ts';
import { userCredentials, type Topology } from './topology.ts';
import { TSA_COMMON_NAME, tsaRootPem } from './tsa/tsa-material.ts';

/**
 * The local network's roots bundle, version 1 of `lendledger-roots/3`: drawn up from the crypto material with the
 * consortium's policy, an empty CRL per organisation signed by that organisation's CA, and signed by every member's
 * Admin identity (a strict majority is what a verifier needs; all of them sign here). In development all admins' keys are on this machine; in production each organisation runs
 * `lendledger-roots sign` with its own key and one of them runs `lendledger-roots assemble`.
 */

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const CRL_LIFETIME_MS = 365 * 24 * 3600 * 1000;

/**
 * Writes the signed bundle to `path`, unless the file there is already a bundle of the same organisations' roots:
 * a restart keeps the version a court may have pinned.
 */
export async function writeRootsBundle(topology: Topology, path: string): Promise<RootsBundle> {
    // The topology file's MSP IDs, not the naming rule's guess from each domain (`bank2.…` could be any MSP).
    const mspIds = Object.fromEntries(topology.orgs.map((org) => [org.domain, org.mspId]));
    const crls = await emptyCrls(topology.cryptoDir, mspIds);
    const draft = exportRootsBundle(topology.cryptoDir, {
        network: `lendledger-${topology.instance}`,
        // Every organisation of the topology file is a member, whatever the compiled-in default consortium says.
        policy: topology.consortium,
        mspIds,
        purposes: Object.fromEntries(topology.orgs.map((org) => [org.mspId, org.key])),
        crls,
        // The notary organisation's time-stamping authority: its root, generated with the network (tsa-material.ts).
        timestampAuthorities: [{ name: TSA_COMMON_NAME, certificates: [tsaRootPem(topology)] }],
        ordering: orderingOf(topology),
    });
    const kept = existing(path);
    if (kept !== undefined && rootsOfEvery(kept) === rootsOfEvery(draft)) {
        return kept;
    }
    const signed = topology.orgs.reduce((bundle, org) => {
        const { certPath, keyPath } = userCredentials(org, 'Admin');
        return signRootsBundle(bundle, {
            mspId: org.mspId,
            certificatePem: readFileSync(certPath, 'utf8'),
            privateKeyPem: readFileSync(keyPath, 'utf8'),
        });
    }, draft);
    writeFileSync(path, serialiseRootsBundle(signed));
    return signed;
}

/**
 * The ordering service as the bundle states it. With BFT it names each consenter by the number its block signatures
 * carry, its operator's MSP and the certificate it signs with, read from the files the channel's ConsenterMapping was
 * made from: a verifier then needs a quorum of these certificates' signatures on a block.
 */
export function orderingOf(topology: Topology): ConsortiumOrdering {
    if (topology.consensus !== 'BFT') {
        return { consensus: 'etcdraft' };
    }
    return {
        consensus: 'BFT',
        consenters: topology.orderers.map((orderer) => ({
            id: orderer.consenterId!,
            mspId: orderer.mspId,
            identity: readFileSync(ordererSignCert(orderer), 'utf8'),
        })),
    };
}

function existing(path: string): RootsBundle | undefined {
    try {
        return existsSync(path) ? parseRootsBundle(readFileSync(path, 'utf8')) : undefined;
    } catch {
        // A bundle of an older format is replaced.
        return undefined;
    }
}

/** What decides whether a kept bundle still fits the network: every organisation's roots and every TSA's. */
function rootsOfEvery(bundle: RootsBundle): string {
    return JSON.stringify([
        organisationsOf(bundle).map((o) => [o.mspId, o.roots.map((pem) => pem.trim())]),
        bundle.timestampAuthorities.map((t) => [t.name, t.certificates.map((pem) => pem.trim())]),
        bundle.ordering ?? { consensus: 'etcdraft' },
    ]);
}

/** MSP ID → one empty CRL signed by the organisation's CA (`<org>/ca/priv_sk`), for every organisation. */
async function emptyCrls(
    cryptoDir: string,
    mspIds: Readonly<Record<string, string>>,
): Promise<Record<string, string[]>> {
    const crls: Record<string, string[]> = {};
    for (const kind of ['peerOrganizations', 'ordererOrganizations']) {
        const kindDir = join(cryptoDir, kind);
        for (const domain of existsSync(kindDir) ? readdirSync(kindDir) : []) {
            const caDir = join(kindDir, domain, 'ca');
            crls[mspIds[domain] ?? mspIdOfDomain(domain)] = [await issueCrl(caDir, [])];
        }
    }
    return crls;
}

/**
 * A PEM X.509 CRL signed by the CA of `caDir` (`<org>/ca`: its certificate and `priv_sk`), revoking the given serial
 * numbers (hex) as of the given dates.
 */
export async function issueCrl(
    caDir: string,
    revoked: readonly { readonly serial: string; readonly at: Date }[],
): Promise<string> {
    const certificateFile = readdirSync(caDir).find((name) => name.endsWith('.pem'));
    if (certificateFile === undefined) {
        throw new Error(`${caDir} has no CA certificate`);
    }
    const certificate = new x509.X509Certificate(readFileSync(join(caDir, certificateFile), 'utf8'));
    const key = await webcrypto.subtle.importKey(
        'pkcs8',
        x509.PemConverter.decodeFirst(readFileSync(join(caDir, 'priv_sk'), 'utf8')),
        CA_ALGORITHM,
        false,
        ['sign'],
    );
    const now = new Date();
    const crl = await x509.X509CrlGenerator.create({
        issuer: certificate.subject,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + CRL_LIFETIME_MS),
        entries: revoked.map(({ serial, at }) => ({ serialNumber: serial, revocationDate: at })),
        signingAlgorithm: CA_ALGORITHM,
        signingKey: key as unknown as x509.X509CrlCreateParams['signingKey'],
    });
    return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
}
