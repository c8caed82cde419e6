import { type Principal } from '../auth/principal.js';
import { type Role } from '../config/gateway-config.js';

declare module 'fastify' {
    interface FastifyRequest {
        /** The authenticated caller; set by the authentication hook on every /v1 route. */
        principal: Principal | null;
    }

    interface FastifyContextConfig {
        /** Roles allowed on the route; the authentication hook enforces them. */
        roles?: readonly Role[];
    }
}
