import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { CHUNK_STATUSES, JOB_STATUSES } from '../../jobs/job-records.js';
import { callerOf } from '../plugins/authentication.js';
import { ProblemError } from '../../errors/problem-error.js';
import { BEARER_AUTH, closed, IsoTime, oneOf, Open, withProblems } from '../schemas/common.js';
import { type JobQueue } from '../../jobs/job-queue.js';

const JobView = closed({
    jobId: Type.String(),
    status: oneOf(JOB_STATUSES),
    operation: Type.String(),
    transaction: Type.String(),
    items: Type.Integer(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    finishedAt: Type.Optional(IsoTime),
    progress: Type.Object({ chunks: Type.Integer(), committed: Type.Integer(), failed: Type.Integer() }),
    chunks: Type.Immutable(
        Type.Array(
            closed({
                index: Type.Integer(),
                items: Type.Integer(),
                status: oneOf(CHUNK_STATUSES),
                txId: Type.Optional(Type.String()),
                blockNumber: Type.Optional(Type.Integer()),
                result: Type.Optional(Type.Unknown({ description: "The chunk's chaincode answer" })),
                error: Type.Optional(Open({}, 'Problem document of the failed chunk')),
            }),
        ),
    ),
    error: Type.Optional(Open({}, 'Problem document of the chunk that stopped the job')),
});

/** What the job routes need: the queue, which knows each job's owner. */
export interface JobRoutesOptions {
    readonly jobs: Pick<JobQueue, 'get'>;
}

/** `GET /v1/jobs/{id}`: a background job's progress and per-transaction results, for its owner (or an admin). */
export async function jobRoutes(scope: FastifyInstance, { jobs }: JobRoutesOptions): Promise<void> {
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/jobs/:jobId',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getJob',
                summary: 'Status and results of a background job',
                tags: ['jobs'],
                security: BEARER_AUTH,
                params: closed({ jobId: Type.String({ format: 'uuid' }) }),
                response: withProblems(JobView),
            },
        },
        async (request) => {
            const principal = callerOf(request);
            const { jobId } = request.params;
            const job = jobs.get(jobId, principal.subject, principal.roles.has('admin'));
            if (!job) {
                throw new ProblemError('JOB_NOT_FOUND', `no job ${jobId} of ${principal.subject}`);
            }
            return job;
        },
    );
}
