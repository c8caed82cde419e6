import { type FastifyInstance } from 'fastify';
import { registerLedgerRoute } from '../register-ledger-route.js';
import { type LedgerRoute } from '../ledger-route.js';
import { type GatewayServices } from '../services.js';
import { absRoutes } from './abs-routes.js';
import { ANCHOR_ROUTES } from './anchor-routes.js';
import { ATTESTATION_ROUTES } from './attestation-routes.js';
import { CASE_ROUTES } from './case-routes.js';
import { CONSENT_ROUTES } from './consent-routes.js';
import { EVIDENCE_ROUTES } from './evidence-routes.js';
import { registerJobRoutes } from './job-routes.js';
import { registerMeRoute } from './me-route.js';
import { PROBE_ROUTES } from './probe-routes.js';
import { registerReceiptRoutes } from './receipt-routes.js';
import { registerNotaryRoutes } from './notary-routes.js';
import { registerSealedBatchRoutes } from './sealed-batch-routes.js';
import { registerEventRoutes } from './event-routes.js';
import { registerVerifyRoutes } from './verify-routes.js';

/** Every chaincode-backed operation, by area. */
function ledgerRoutes(services: GatewayServices): readonly LedgerRoute[] {
    return [
        ...PROBE_ROUTES,
        ...EVIDENCE_ROUTES,
        ...ANCHOR_ROUTES,
        ...ATTESTATION_ROUTES,
        ...CASE_ROUTES,
        ...CONSENT_ROUTES,
        ...absRoutes(services.config.abs),
    ];
}

/** Registers the /v1 API in an authenticated scope. */
export function registerV1Routes(scope: FastifyInstance, services: GatewayServices, isClosing: () => boolean): void {
    for (const route of ledgerRoutes(services)) {
        registerLedgerRoute(scope, route, services);
    }
    registerJobRoutes(scope, services);
    registerMeRoute(scope, services);
    registerReceiptRoutes(scope, services);
    registerNotaryRoutes(scope, services);
    registerSealedBatchRoutes(scope, services);
    registerEventRoutes(scope, services, isClosing);
    registerVerifyRoutes(scope, services);
}
