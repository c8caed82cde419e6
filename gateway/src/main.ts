import { readFileSync } from 'node:fs';
import {
    defaultSignatureVerifier,
    rememberingVerifier,
    timestampAuthorityFromPem,
    trustStoreFor,
    type ReportFont,
    type RootsBundle,
    type TrustedTimestampAuthority,
} from '@lendledger/verifier';
import { loadReportFont, loadRootsBundle } from '@lendledger/verifier/node';
import { type FastifyInstance } from 'fastify';
import { ConfigError, configFileOf, loadConfig } from './config/load-config.js';
import { readFabricMaterials, type FabricMaterials } from './config/fabric-materials.js';
import { type GatewayConfig } from './config/gateway-config.js';
import { settingLabel } from './config/settings.js';
import { connectLedger } from './fabric/connection.js';
import { newOpenSslSigner } from './fabric/openssl-signer.js';
import { buildApp, type PeerLinks } from './http/app.js';
import { type NotaryIdentity } from './notary/notary-reports.js';
import { TsaClient } from './timestamps/tsa-client.js';

/**
 * Runs one organisation's gateway: `node gateway/dist/main.js --config <file>` (or GATEWAY_CONFIG, or GATEWAY_*
 * variables alone). A missing or invalid setting stops start-up with a message naming it (exit code 2).
 * SIGTERM/SIGINT drain in-flight requests and jobs, bounded by `shutdown.timeoutMs`.
 */
async function main(): Promise<void> {
    const config = loadConfig({ file: configFileOf(process.argv, process.env), env: process.env });
    const materials = readFabricMaterials(config);
    // The app logs; it is built after the ledger connection it is given.
    const built: { app?: FastifyInstance } = {};
    const ledger = connectLedger({
        config,
        materials,
        onReconnect: () =>
            built.app?.log.warn({ peer: config.peer.endpoint }, 'replaced a silent connection to the peer'),
    });
    const tsa = tsaClientOf(config);
    const app = await buildApp({
        config,
        ledger,
        notary: notaryIdentityOf(config, materials),
        peers: peerLinksOf(config, materials),
        ...(tsa ? { tsa } : {}),
    });
    built.app = app;
    stopOnSignals(app, config.shutdown.timeoutMs);
    const address = await app.listen({ host: config.listen.host, port: config.listen.port });
    app.log.info({ org: config.org, mspId: config.mspId, peer: config.peer.endpoint, address }, 'gateway listening');
}

/** The notary's signing identity and the consortium roots, when this gateway issues notary reports. */
function notaryIdentityOf(config: GatewayConfig, materials: FabricMaterials): NotaryIdentity | undefined {
    const rootsPath = config.roots.path;
    const identity = materials.identities.get(config.notary.signingIdentity);
    if (rootsPath === '' || !identity) {
        return undefined;
    }
    let roots: RootsBundle;
    try {
        roots = loadRootsBundle(rootsPath);
    } catch (error) {
        throw new ConfigError([`${settingLabel('roots.path')}: ${(error as Error).message}`]);
    }
    let font: ReportFont;
    try {
        font = loadReportFont(config.notary.reportFontPath);
    } catch (error) {
        throw new ConfigError([`${settingLabel('notary.reportFontPath')}: ${(error as Error).message}`]);
    }
    const signer = { privateKey: identity.privateKey, certificate: identity.certificate.toString('utf8') };
    // Receipts of one anchor share a block: its signatures are checked once, not once per fingerprint.
    return { signer, roots, font, trust: trustStoreFor(roots, rememberingVerifier(defaultSignatureVerifier())) };
}

/** The roots that authenticate other members' gateways, and the identity this gateway signs its requests with. */
function peerLinksOf(config: GatewayConfig, materials: FabricMaterials): PeerLinks {
    const rootsPath = config.roots.path;
    const { signingIdentity } = config.peers;
    let trust: PeerLinks['trust'];
    if (rootsPath !== '') {
        try {
            trust = trustStoreFor(loadRootsBundle(rootsPath));
        } catch (error) {
            throw new ConfigError([`${settingLabel('roots.path')}: ${(error as Error).message}`]);
        }
    }
    const material = materials.identities.get(signingIdentity);
    const identity = material
        ? {
              mspId: config.mspId,
              certificate: material.certificate.toString('utf8'),
              sign: newOpenSslSigner(material.privateKey),
          }
        : undefined;
    return { ...(trust ? { trust } : {}), ...(identity ? { identity } : {}) };
}

/** The TSA client, when `timestamping.*` names a TSA and its CA. */
function tsaClientOf(config: GatewayConfig): TsaClient | undefined {
    const { url, caPath, timeoutMs } = config.timestamping;
    if (url === '') {
        return undefined;
    }
    let authority: TrustedTimestampAuthority;
    try {
        authority = timestampAuthorityFromPem(url, readFileSync(caPath, 'utf8'));
    } catch (error) {
        throw new ConfigError([`${settingLabel('timestamping.caPath')}: ${(error as Error).message}`]);
    }
    return new TsaClient({ url, authority, timeoutMs });
}

function stopOnSignals(app: FastifyInstance, timeoutMs: number): void {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
        if (stopping) {
            return;
        }
        stopping = true;
        app.log.info({ signal }, 'draining before shutdown');
        const force = setTimeout(() => {
            app.log.error({ timeoutMs }, 'shutdown timed out; exiting with work still in flight');
            process.exit(1);
        }, timeoutMs);
        force.unref();
        app.close().then(
            () => app.log.info('gateway stopped'),
            (error: unknown) => {
                app.log.error({ err: error }, 'shutdown failed');
                process.exitCode = 1;
            },
        );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
}

try {
    await main();
} catch (error) {
    if (error instanceof ConfigError) {
        console.error(error.message);
        process.exitCode = 2;
    } else {
        console.error('gateway failed to start:', error);
        process.exitCode = 1;
    }
}
