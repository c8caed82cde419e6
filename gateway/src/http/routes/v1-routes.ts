import { type FastifyInstance } from 'fastify';
import { CasePackages } from '../../cases/case-packages.js';
import { NotaryReports } from '../../notary/notary-reports.js';
import { ReportPdfRenderer } from '../../notary/report-pdf-renderer.js';
import { readServedRoots } from '../../roots/served-roots.js';
import { type ReceiptService } from '../../receipts/receipt-service.js';
import { type LedgerRoute } from '../ledger-route.js';
import { addMinBlockWait } from '../min-block.js';
import { addAddressRateLimit } from '../plugins/address-rate-limit.js';
import { addAuthentication } from '../plugins/authentication.js';
import { addRateLimits } from '../plugins/rate-limits.js';
import { ledgerRoutes } from '../register-ledger-route.js';
import { type GatewayServices } from '../services.js';
import { ABS_ROUTES } from './abs-routes.js';
import { ADMISSION_ROUTES } from './admission-routes.js';
import { ANCHOR_ROUTES } from './anchor-routes.js';
import { ATTESTATION_ROUTES } from './attestation-routes.js';
import { casePackageRoute } from './case-package-route.js';
import { CASE_ROUTES } from './case-routes.js';
import { consentReconciliationRoutes } from './consent-reconciliation-route.js';
import { CONSENT_ROUTES } from './consent-routes.js';
import { eventRoutes } from './event-routes.js';
import { EVIDENCE_ROUTES } from './evidence-routes.js';
import { jobRoutes } from './job-routes.js';
import { meRoute } from './me-route.js';
import { notaryRoutes } from './notary-routes.js';
import { PROBE_ROUTES } from './probe-routes.js';
import { receiptRoutes } from './receipt-routes.js';
import { REGISTRY_ROUTES } from './registry-routes.js';
import { rootsRoute } from './roots-route.js';
import { sealedBatchRoutes } from './sealed-batch-routes.js';
import { verifyRoutes } from './verify-routes.js';

/** Every chaincode-backed operation, by area. */
const LEDGER_ROUTES: readonly LedgerRoute[] = Object.freeze([
    ...PROBE_ROUTES,
    ...EVIDENCE_ROUTES,
    ...ANCHOR_ROUTES,
    ...ATTESTATION_ROUTES,
    ...CASE_ROUTES,
    ...CONSENT_ROUTES,
    ...ADMISSION_ROUTES,
    ...ABS_ROUTES,
    ...REGISTRY_ROUTES,
]);

/** What the /v1 API is wired from: the services `buildApp` built, and whether the app is closing. */
export interface V1ApiOptions {
    readonly services: GatewayServices;
    /** The gateway's one receipt service (receiptServiceOf), shared with the public look-up. */
    readonly receipts: ReceiptService;
    readonly isClosing: () => boolean;
}

/**
 * The /v1 API, an authenticated and rate-limited scope honouring `Ledger-Min-Block`: limited per client address
 * before authentication, then per subject before the body is read. Each area is a plugin of its
 * own, handed only what it works with; this is the one place that knows which service goes where.
 */
export async function v1Api(scope: FastifyInstance, { services, receipts, isClosing }: V1ApiOptions): Promise<void> {
    const { config } = services;
    addAddressRateLimit(scope, config.limits);
    addAuthentication(scope, config, services.tokens);
    await addRateLimits(scope, config.limits);
    addMinBlockWait(scope, { heights: services.heights, maxWaitMs: config.consistency.maxWaitMs });
    await scope.register(ledgerRoutes, { routes: LEDGER_ROUTES, services });
    await scope.register(jobRoutes, { jobs: services.jobs });
    await scope.register(meRoute, { mspId: config.mspId });
    await scope.register(receiptRoutes, { receipts });
    const pdfs = services.notary
        ? new ReportPdfRenderer({
              font: services.notary.font,
              queueLimit: config.notary.renderQueueLimit,
              timeoutMs: config.notary.renderTimeoutMs,
          })
        : undefined;
    if (pdfs) {
        scope.addHook('onClose', () => pdfs.close());
    }
    const reports =
        services.notary && pdfs
            ? new NotaryReports(services, services.notary, receipts, pdfs, {
                  ...(services.tsa ? { tsa: services.tsa } : {}),
                  retryAfterSeconds: config.timestamping.retryAfterSeconds,
              })
            : undefined;
    if (reports) {
        await scope.register(notaryRoutes, { reports, maxFingerprints: config.notary.maxFingerprints });
    }
    const roots = await readServedRoots(config.roots.path);
    await scope.register(rootsRoute, { roots });
    const packages = new CasePackages({ reads: services, receipts, mspId: config.mspId, roots, reports });
    await scope.register(casePackageRoute, { packages });
    await scope.register(sealedBatchRoutes, {
        mspId: config.mspId,
        roles: config.roles,
        ledger: { channel: config.channel, chaincode: config.chaincode },
        limits: config.limits,
        sealed: services.sealed,
        writes: services,
    });
    await scope.register(eventRoutes, { config, ledger: services.ledger, metrics: services.metrics, isClosing });
    await scope.register(consentReconciliationRoutes, {
        reads: services,
        maxUses: config.consent.reconciliationMaxUses,
    });
    await scope.register(verifyRoutes, { reads: services, uploadLimitBytes: config.limits.uploadLimitBytes });
}
