import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type FastifyInstance } from 'fastify';
import { GATEWAY_PROBLEMS } from '../../errors/problem-error.js';

/** Stable URL of the OpenAPI document. */
const OPENAPI_URL = '/v1/openapi.json';

/**
 * Collects every route's schema into an OpenAPI 3.1 document served at {@link OPENAPI_URL}, and an interactive
 * page at `/docs`. Must be registered before the routes it documents.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
    await app.register(swagger, {
        openapi: {
            openapi: '3.1.0',
            info: {
                title: 'LendLedger gateway',
                version: '1.0.0',
                description:
                    'REST gateway of one organisation of the LendLedger consortium evidence ledger. Errors are ' +
                    `application/problem+json with a stable \`code\`; gateway codes: ${Object.keys(GATEWAY_PROBLEMS).join(', ')}; ` +
                    'chaincode codes come from the domain error catalogue.',
            },
            components: {
                securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
            },
            tags: [
                { name: 'probe', description: 'Operations probe' },
                { name: 'evidence', description: 'Evidence records and loan chains' },
                { name: 'anchors', description: 'Merkle anchors of fingerprint batches' },
                { name: 'attestations', description: 'Notary attestations' },
                { name: 'cases', description: 'Dispute cases' },
                { name: 'consents', description: 'Credit-inquiry authorizations and their uses' },
                { name: 'admissions', description: "Banks' admissions of their partner platforms (名单制)" },
                { name: 'abs', description: 'Asset-backed securities: deals, pools, periods' },
                { name: 'verify', description: 'Is a document on the ledger?' },
                { name: 'receipts', description: 'Receipts a court can check offline' },
                { name: 'public', description: 'Sign-in-free look-ups of the public verification page' },
                { name: 'notary', description: "The notary's signed verification reports" },
                { name: 'jobs', description: 'Background batch jobs' },
                { name: 'events', description: 'Chaincode event stream' },
                { name: 'operations', description: 'Health, readiness, metrics' },
                { name: 'peers', description: "Routes other members' gateways call with signed requests" },
            ],
        },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get(OPENAPI_URL, { schema: { hide: true } }, async () => app.swagger());
}
