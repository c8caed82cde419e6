import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REPORT_FONT_PATH } from '@lendledger/verifier/report';
import { writeRootsBundle } from './roots.ts';
import { CHAINCODE, CHANNEL, USERS_PER_ORG, userCredentials, type PeerOrg, type Topology } from './topology.ts';
import { tsaFiles, tsaUrl } from './tsa/tsa-material.ts';

/**
 * The REST gateways of the local network: one process per organisation, each holding only its own organisation's
 * user identities, on port base+1000+j. Their configuration files are written here from the topology; the same
 * gateway runs against any other Fabric network from a file of the same shape (gateway/README.md).
 *
 * The local instances run the gateways in development mode with one development token issuer for the instance
 * (its key in `<data>/gateways/dev-issuer-key.json`): `scripts/token.sh` prints tokens from it. A token still
 * works only at the gateway of the organisation it names.
 */

/** Audience every local gateway expects. */
export const GATEWAY_AUDIENCE = 'lendledger-gateway';

/** Issuer of the instance's development tokens. */
export function devIssuerOf(topology: Topology): string {
    return `urn:lendledger:dev-issuer:${topology.instance}`;
}

function gatewaysDir(topology: Topology): string {
    return join(topology.dataDir, 'gateways');
}

export function devIssuerKeyPath(topology: Topology): string {
    return join(gatewaysDir(topology), 'dev-issuer-key.json');
}

/**
 * The consortium's roots bundle (`lendledger-roots/2` version 1, signed by every member's admin; network/src/roots.ts,
 * listing the notary's time-stamping authority), what receipts are verified against.
 */
export function rootsBundlePath(topology: Topology): string {
    return join(gatewaysDir(topology), 'roots.json');
}

/** The user of a notary organisation whose key signs notary verification reports. */
const NOTARY_REPORT_SIGNER = 'User1';

export function gatewayConfigPath(topology: Topology, org: PeerOrg): string {
    return join(gatewaysDir(topology), `${org.key}.json`);
}

export function gatewayUrl(org: PeerOrg): string {
    return `http://127.0.0.1:${org.gatewayPort}`;
}

/** Users whose Fabric identities the organisation's gateway signs with (token subjects). */
function gatewayUsers(): string[] {
    return [...Array.from({ length: USERS_PER_ORG }, (_, i) => `User${i + 1}`), 'Admin'];
}

/** The configuration file of a local gateway: a subset of the settings gateway/README.md lists. */
export interface LocalGatewayConfig {
    readonly $comment: string;
    readonly org: PeerOrg['key'];
    readonly mspId: string;
    readonly roles: readonly string[];
    readonly mode: 'development';
    readonly channel: string;
    readonly chaincode: string;
    readonly peer: { readonly endpoint: string; readonly tlsRootCertPath: string; readonly hostAlias: string };
    readonly identities: Readonly<Record<string, { readonly certPath: string; readonly keyPath: string }>>;
    readonly listen: { readonly host: string; readonly port: number };
    readonly auth: { readonly issuer: string; readonly audience: string };
    readonly devIssuer: { readonly enabled: boolean; readonly keyPath: string };
    readonly dataDir: string;
    readonly timestamping: { readonly url: string; readonly caPath: string };
    readonly roots: { readonly path: string };
    readonly web: { readonly publicReader: string };
    readonly notary?: { readonly signingIdentity: string; readonly reportFontPath: string };
    readonly peers: {
        readonly signingIdentity: string;
        readonly gateways: Readonly<Record<string, string>>;
    };
}

/** The user whose Fabric identity signs a gateway's requests to other members' gateways (sealed leaves). */
const PEER_REQUEST_SIGNER = 'User1';

/** The gateway configuration of one organisation of the local network. */
export function gatewayConfig(topology: Topology, org: PeerOrg): LocalGatewayConfig {
    const identities = Object.fromEntries(
        gatewayUsers().map((user) => {
            const { certPath, keyPath } = userCredentials(org, user);
            return [user, { certPath, keyPath }];
        }),
    );
    return {
        $comment: 'Written by network/src/gateways.ts for the local network; every setting is in gateway/README.md',
        org: org.key,
        mspId: org.mspId,
        roles: org.roles,
        mode: 'development',
        channel: CHANNEL,
        chaincode: CHAINCODE,
        // The peer's TLS certificate names localhost; TLS server names must be host names, not addresses.
        peer: { endpoint: `127.0.0.1:${org.peerPort}`, tlsRootCertPath: org.tlsCaCert, hostAlias: 'localhost' },
        identities,
        listen: { host: '127.0.0.1', port: org.gatewayPort },
        auth: { issuer: devIssuerOf(topology), audience: GATEWAY_AUDIENCE },
        devIssuer: { enabled: true, keyPath: devIssuerKeyPath(topology) },
        dataDir: join(gatewaysDir(topology), org.key),
        // Every gateway serves the bundle (GET /v1/roots) and copies it into case packages; the notary's verifies by it.
        roots: { path: rootsBundlePath(topology) },
        // The public verification page (/app/verify/) looks fingerprints up under this user's identity.
        web: { publicReader: PEER_REQUEST_SIGNER },
        // Every member's gateway, so that any gateway can fetch a sealed batch's leaves from its sealer.
        peers: {
            signingIdentity: PEER_REQUEST_SIGNER,
            gateways: Object.fromEntries(topology.orgs.map((member) => [member.mspId, gatewayUrl(member)])),
        },
        // Every member time-stamps with the notary organisation's TSA and trusts only its root for it.
        timestamping: { url: tsaUrl(topology), caPath: tsaFiles(topology).rootPath },
        // Each notary's gateway issues notary reports (its roles, from the topology file, say which are notaries).
        ...(org.roles.includes('notary')
            ? {
                  notary: {
                      signingIdentity: NOTARY_REPORT_SIGNER,
                      // Debian's fonts-wqy-microhei, which start.sh and test.sh install before the network starts.
                      reportFontPath: DEFAULT_REPORT_FONT_PATH,
                  },
              }
            : {}),
    };
}

/** Writes every organisation's gateway configuration (rewritten on each start, so it follows the topology). */
export async function writeGatewayConfigs(topology: Topology): Promise<void> {
    mkdirSync(gatewaysDir(topology), { recursive: true, mode: 0o700 });
    await writeRootsBundle(topology, rootsBundlePath(topology));
    for (const org of topology.orgs) {
        writeFileSync(gatewayConfigPath(topology, org), `${JSON.stringify(gatewayConfig(topology, org), null, 2)}\n`);
    }
}
