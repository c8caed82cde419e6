import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES, ROLES } from '../../auth/principal.js';
import { callerOf } from '../plugins/authentication.js';
import { BEARER_AUTH, closed, withProblems } from '../schemas/common.js';

const Me = closed({
    subject: Type.String({ description: 'Token subject, also the Fabric identity that signs' }),
    org: Type.String(),
    mspId: Type.String(),
    roles: Type.Array(Type.String()),
});

/** What `GET /v1/me` needs: the organisation's MSP ID, whose identities sign. */
export interface MeRouteOptions {
    readonly mspId: string;
}

/** `GET /v1/me`: who the gateway thinks the caller is, and which identity signs for them. */
export async function meRoute(scope: FastifyInstance, { mspId }: MeRouteOptions): Promise<void> {
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/me',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getMe',
                summary: 'The authenticated caller',
                tags: ['operations'],
                security: BEARER_AUTH,
                response: withProblems(Me),
            },
        },
        async (request) => {
            const principal = callerOf(request);
            return {
                subject: principal.subject,
                org: principal.org,
                mspId,
                roles: ROLES.filter((role) => principal.roles.has(role)),
            };
        },
    );
}
