import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { ProblemError } from '../problem-error.js';
import { IsoTime, Open, Problem } from '../schemas/common.js';
import { type GatewayServices } from '../services.js';

const JobView = Type.Object(
    {
        jobId: Type.String(),
        status: Type.Union([
            Type.Literal('queued'),
            Type.Literal('running'),
            Type.Literal('succeeded'),
            Type.Literal('failed'),
        ]),
        operation: Type.String(),
        transaction: Type.String(),
        items: Type.Integer(),
        createdAt: IsoTime,
        updatedAt: IsoTime,
        finishedAt: Type.Optional(IsoTime),
        progress: Type.Object({ chunks: Type.Integer(), committed: Type.Integer(), failed: Type.Integer() }),
        chunks: Type.Array(
            Type.Object(
                {
                    index: Type.Integer(),
                    items: Type.Integer(),
                    status: Type.Union([Type.Literal('pending'), Type.Literal('committed'), Type.Literal('failed')]),
                    txId: Type.Optional(Type.String()),
                    blockNumber: Type.Optional(Type.Integer()),
                    result: Type.Optional(Type.Unknown({ description: "The chunk's chaincode answer" })),
                    error: Type.Optional(Open({}, 'Problem document of the failed chunk')),
                },
                { additionalProperties: false },
            ),
        ),
        error: Type.Optional(Open({}, 'Problem document of the chunk that stopped the job')),
    },
    { additionalProperties: false },
);

/** `GET /v1/jobs/{id}`: a background job's progress and per-transaction results, for its owner (or an admin). */
export function registerJobRoutes(scope: FastifyInstance, services: GatewayServices): void {
    scope.get(
        '/v1/jobs/:jobId',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getJob',
                summary: 'Status and results of a background job',
                tags: ['jobs'],
                security: [{ bearerAuth: [] }],
                params: Type.Object({ jobId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
                response: { 200: JobView, '4xx': Problem, '5xx': Problem },
            },
        },
        async (request) => {
            const principal = request.principal!;
            const { jobId } = request.params as { jobId: string };
            const job = services.jobs.get(jobId, principal.subject, principal.roles.has('admin'));
            if (!job) {
                throw new ProblemError('JOB_NOT_FOUND', `no job ${jobId} of ${principal.subject}`);
            }
            return job;
        },
    );
}
