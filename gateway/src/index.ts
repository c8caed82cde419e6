/**
 * The gateway as a library: what `main.ts` composes, for tests, benchmarks and anyone embedding a gateway. Build the
 * application without listening (`buildApp`, tested with `inject()`), from a configuration (`loadConfig`) and a
 * ledger connection (`connectLedger`); sign Fabric transactions through OpenSSL (`newOpenSslSigner`); and, on a
 * development network, issue tokens (`loadOrCreateDevKey`, `issueDevToken`).
 *
 * @example
 * const config = loadConfig({ file: 'gateway.json', env: process.env });
 * const app = await buildApp({ config, ledger: connectLedger({ config, materials: readFabricMaterials(config) }) });
 * await app.listen({ host: config.listen.host, port: config.listen.port });
 */
export { MerkleLevels } from './anchors/merkle-levels.js';
export {
    devJwks,
    issueDevToken,
    loadOrCreateDevKey,
    type DevIssuerKey,
    type DevTokenRequest,
} from './auth/dev-issuer.js';
export { readFabricMaterials, type FabricMaterials } from './config/fabric-materials.js';
export { type GatewayConfig, type Role } from './config/gateway-config.js';
export { ConfigError, configFileOf, loadConfig, type ConfigSources } from './config/load-config.js';
export { connectLedger, type FabricConnectionOptions } from './fabric/connection.js';
export { type LedgerClient } from './fabric/ledger-client.js';
export { newOpenSslSigner, type MessageSigner } from './fabric/openssl-signer.js';
export { buildApp, type BuildAppOptions } from './http/app.js';
