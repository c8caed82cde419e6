import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { principalOf, READ_ROLES, requireRole, type Principal, type PrincipalRules } from '../../auth/principal.js';
import { type TokenVerifier } from '../../auth/token-verifier.js';
import { type GatewayConfig } from '../../config/gateway-config.js';
import { ProblemError } from '../../errors/problem-error.js';
import '../fastify-types.js';

/**
 * Authenticates every request of the scope it is added to: a bearer token verified by `tokens`, naming this
 * organisation and a subject that has a Fabric identity here, holding a role the route allows.
 * 401 for a missing or bad token, 403 for the wrong organisation, an unknown subject or a missing role.
 */
export function addAuthentication(scope: FastifyInstance, config: GatewayConfig, tokens: TokenVerifier): void {
    const rules: PrincipalRules = {
        org: config.org,
        mspId: config.mspId,
        orgClaim: config.auth.orgClaim,
        rolesClaim: config.auth.rolesClaim,
        subjects: new Set(Object.keys(config.identities)),
    };
    scope.addHook('onRequest', async (request: FastifyRequest) => {
        const payload = await tokens.verify(bearerTokenOf(request));
        const principal = principalOf(payload, rules);
        requireRole(principal, request.routeOptions.config.roles ?? READ_ROLES);
        request.principal = principal;
        request.log = request.log.child({ subject: principal.subject });
    });
}

/**
 * The caller of a request in an authenticated scope. A route registered outside one has no caller, and is answered
 * as the authentication hook would answer a request without a token.
 *
 * @throws {@link ProblemError} TOKEN_MISSING (401).
 */
export function callerOf(request: FastifyRequest): Principal {
    if (request.principal === null) {
        throw new ProblemError('TOKEN_MISSING', 'send Authorization: Bearer <token>', {
            headers: { 'www-authenticate': 'Bearer' },
        });
    }
    return request.principal;
}

function bearerTokenOf(request: FastifyRequest): string {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
        throw new ProblemError('TOKEN_MISSING', 'send Authorization: Bearer <token>', {
            headers: { 'www-authenticate': 'Bearer' },
        });
    }
    return match[1]!;
}
