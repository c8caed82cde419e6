import { createHash } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type FastifyRequest } from 'fastify';
import { ProblemError } from '../../errors/problem-error.js';

/** The header carrying the salt an uploaded document was fingerprinted with. */
export const SALT_HEADER = 'fingerprint-salt';

/** Lower-case hex, 1 to 128 bytes. */
export const SALT_PATTERN = /^(?:[0-9a-f]{2}){1,128}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** What the hashing body parser leaves in `request.body`. */
export class UploadDigest {
    constructor(
        readonly fingerprint: string,
        readonly bytes: number,
        readonly salted: boolean,
    ) {}
}

/**
 * SHA-256 of the salt and the request body, computed chunk by chunk, refusing a body over `limit` bytes as soon as
 * it is known to be one.
 */
export async function hashUpload(
    request: FastifyRequest,
    payload: IncomingMessage,
    limit: number,
): Promise<UploadDigest> {
    const type = request.headers['content-type'] ?? '';
    if (JSON_MEDIA_TYPE.test(type)) {
        throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'send the document itself, e.g. as application/octet-stream');
    }
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
        throw tooLarge(limit);
    }
    const salt = saltOf(request);
    const hash = createHash('sha256');
    if (salt) {
        hash.update(salt);
    }
    return await new Promise((resolve, reject) => {
        let bytes = 0;
        const stop = (): void => {
            payload.off('data', onData);
            payload.off('end', onEnd);
            payload.off('error', onError);
        };
        const onData = (chunk: Buffer): void => {
            bytes += chunk.length;
            if (bytes > limit) {
                stop();
                reject(tooLarge(limit));
                return;
            }
            hash.update(chunk);
        };
        const onEnd = (): void => {
            stop();
            resolve(new UploadDigest(`sha256:${hash.digest('hex')}`, bytes, salt !== undefined));
        };
        const onError = (error: Error): void => {
            stop();
            reject(error);
        };
        payload.on('data', onData);
        payload.on('end', onEnd);
        payload.on('error', onError);
    });
}

function saltOf(request: FastifyRequest): Buffer | undefined {
    const header = request.headers[SALT_HEADER];
    if (header === undefined) {
        return undefined;
    }
    if (typeof header !== 'string' || !SALT_PATTERN.test(header)) {
        throw new ProblemError('VALIDATION_FAILED', `${SALT_HEADER} must be 2 to 256 lower-case hex digits`, {
            fields: { errors: [{ in: 'headers', path: `/${SALT_HEADER}`, message: 'must be lower-case hex' }] },
        });
    }
    return Buffer.from(header, 'hex');
}

function tooLarge(limit: number): ProblemError {
    // Closing the connection spares reading the rest of a body that will never be used.
    return new ProblemError('PAYLOAD_TOO_LARGE', `documents of at most ${limit} bytes can be verified`, {
        fields: { limitBytes: limit },
        headers: { connection: 'close' },
    });
}
