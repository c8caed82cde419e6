import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type AppConfigDocument } from '@lendledger/domain';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { issueDevToken, type DevIssuerKey } from '../auth/dev-issuer.js';
import { ROLES } from '../auth/principal.js';
import { type GatewayConfig } from '../config/gateway-config.js';
import { ProblemError } from '../errors/problem-error.js';
import { addAddressRateLimit } from '../http/plugins/address-rate-limit.js';
import { closed, withProblems } from '../http/schemas/common.js';
import { webRootOf } from './web-root.js';

/** Tokens one client address may ask `POST /dev/token` for per `limits.rateLimitWindowMs`: a person signing in. */
export const DEV_TOKEN_ADDRESS_MAX = 20;

/** What the application routes need: the configuration, and the development issuer when it is on. */
export interface AppRoutesOptions {
    readonly config: GatewayConfig;
    readonly devIssuer?: DevIssuerKey;
}

/** The document `GET /app/config.json` answers with. */
export function appConfigDocument(config: GatewayConfig, devIssuer: DevIssuerKey | undefined): AppConfigDocument {
    const { oidc } = config.web;
    const signIn: AppConfigDocument['signIn'] =
        oidc.issuer !== ''
            ? {
                  mode: 'oidc',
                  issuer: oidc.issuer,
                  clientId: oidc.clientId,
                  scope: oidc.scope,
                  audience: config.auth.audience,
                  resource: oidc.resource,
              }
            : devIssuer
              ? { mode: 'development', subjects: Object.keys(config.identities) }
              : { mode: 'none' };
    return {
        org: config.org,
        mspId: config.mspId,
        memberRoles: config.roles,
        signIn,
        publicLookup: config.web.publicReader !== '',
    };
}

/**
 * The web application under `/app/` (static files from `web.root`), its configuration document and, in
 * development, `POST /dev/token`, which the sign-in page uses to pick a user. Without a build the pages answer
 * 404 `APP_NOT_BUILT` with the command that builds them.
 */
export async function appRoutes(scope: FastifyInstance, { config, devIssuer }: AppRoutesOptions): Promise<void> {
    const document = appConfigDocument(config, devIssuer);
    scope.get('/app/config.json', { schema: { hide: true } }, async (_request, reply) => {
        void reply.header('cache-control', 'no-store');
        return document;
    });
    scope.get('/app', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/', 302));
    const root = webRootOf(config.web.root);
    if (root) {
        // Only Vite's output under assets/ has content-hashed names; every other file may change under its name.
        const hashed = join(root, 'assets') + sep;
        await scope.register(async (files) => {
            // A path the file server refuses (a dotfile, an encoded traversal, NUL) is simply no page: one 404 for all.
            files.setErrorHandler(async (error: { statusCode?: number }, request) => {
                const status = error.statusCode ?? 500;
                throw status >= 400 && status < 500
                    ? new ProblemError('ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]}`)
                    : error;
            });
            await files.register(fastifyStatic, {
                root,
                prefix: '/app/',
                index: ['index.html'],
                redirect: true,
                wildcard: true,
                // A stray .env or .git in web.root is never served.
                dotfiles: 'deny',
                setHeaders: (response, path) => {
                    void response.header(
                        'cache-control',
                        path.startsWith(hashed) ? 'public, max-age=31536000, immutable' : 'no-cache',
                    );
                },
            });
        });
    } else {
        scope.get('/app/*', { schema: { hide: true } }, async () => {
            throw new ProblemError('APP_NOT_BUILT', 'the web application is not built here: run npm run build');
        });
    }
    if (devIssuer) {
        await scope.register(devTokenRoute, { config, devIssuer });
    }
}

async function devTokenRoute(
    scope: FastifyInstance,
    { config, devIssuer }: { config: GatewayConfig; devIssuer: DevIssuerKey },
): Promise<void> {
    addAddressRateLimit(scope, config.limits, { max: DEV_TOKEN_ADDRESS_MAX, name: 'devToken' });
    const subjects = Object.keys(config.identities);
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
        '/dev/token',
        {
            schema: {
                hide: true,
                body: closed({
                    subject: Type.Union(subjects.map((s) => Type.Literal(s))),
                    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), {
                        minItems: 1,
                        maxItems: ROLES.length,
                        uniqueItems: true,
                    }),
                }),
                response: withProblems(closed({ token: Type.String(), expiresAt: Type.Integer() })),
            },
        },
        async (request) => {
            const ttlSeconds = config.devIssuer.tokenTtlSeconds;
            const token = await issueDevToken(devIssuer, {
                issuer: config.auth.issuer,
                audience: config.auth.audience,
                subject: request.body.subject,
                org: config.org,
                roles: request.body.roles,
                ttlSeconds,
                orgClaim: config.auth.orgClaim,
                rolesClaim: config.auth.rolesClaim,
            });
            return { token, expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds };
        },
    );
}
