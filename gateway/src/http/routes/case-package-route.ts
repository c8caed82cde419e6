import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { type CasePackages } from '../../cases/case-packages.js';
import { callerOf } from '../plugins/authentication.js';
import { BEARER_AUTH, Problem } from '../schemas/common.js';
import { CaseParams } from './case-routes.js';

/** What the package route needs: the service that assembles packages. */
export interface CasePackageRouteOptions {
    readonly packages: Pick<CasePackages, 'open'>;
}

/**
 * `GET /v1/cases/{caseId}/package`: one zip per case for a clerk to archive and check offline with
 * `lendledger-verify-package` (verifier/README.md, "Case packages"). Whoever may read the case may fetch it: the
 * chaincode decides, as for `GET /v1/cases/{caseId}`.
 */
export async function casePackageRoute(scope: FastifyInstance, { packages }: CasePackageRouteOptions): Promise<void> {
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/cases/:caseId/package',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getCasePackage',
                summary: "A case's evidence package as one zip: receipts, chain, roots, notary report, manifest",
                description:
                    'The manifest lists the SHA-256 and size of every file and what could not be included, with why. ' +
                    'Check it offline: `lendledger-verify-package case.zip --roots pinned-roots.json`.',
                tags: ['cases'],
                security: BEARER_AUTH,
                params: CaseParams,
                response: {
                    200: {
                        description: 'The package (lendledger-case-package/1), a zip',
                        content: { 'application/zip': { schema: Type.String({ format: 'binary' }) } },
                    },
                    '4xx': Problem,
                    '5xx': Problem,
                },
            },
        },
        async (request, reply) => {
            const { stream, fileName } = await packages.open(callerOf(request).subject, request.params.caseId);
            return (
                reply
                    .type('application/zip')
                    .header('content-disposition', `attachment; filename="${fileName}"`)
                    // A stream is sent as it is; the type provider types bodies by their JSON schema only.
                    .send(stream as never)
            );
        },
    );
}
