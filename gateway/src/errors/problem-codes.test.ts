import { ERROR_CATALOGUE } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { toProblem } from './problem.js';
import { GATEWAY_PROBLEMS, ProblemError, type GatewayProblemCode } from './problem-error.js';

/**
 * A client branches on a problem's `code` (and its `type` URI, built from the code) without knowing whether the
 * gateway or the chaincode raised it. So the gateway's own codes and the chaincode catalogue never share a code:
 * the same string would name two failures, perhaps with two statuses.
 */

const GATEWAY_CODES = Object.keys(GATEWAY_PROBLEMS) as GatewayProblemCode[];
const CHAINCODE_CODES = Object.keys(ERROR_CATALOGUE);

describe('problem codes', () => {
    it('the gateway and the chaincode never use the same code', () => {
        expect(GATEWAY_CODES.filter((code) => CHAINCODE_CODES.includes(code))).toEqual([]);
    });

    it('every code of both tables is upper snake case, and no two differ only by their underscores', () => {
        const all = [...GATEWAY_CODES, ...CHAINCODE_CODES];
        for (const code of all) {
            expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
        }
        expect(new Set(all.map((code) => code.replaceAll('_', ''))).size).toBe(all.length);
    });

    it('every chaincode code answers a 4xx or 5xx status and a title, as the problem table needs', () => {
        for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
            expect([code, spec.code, spec.status >= 400 && spec.status < 600, spec.title.length > 0]).toEqual([
                code,
                code,
                true,
                true,
            ]);
        }
    });

    it.each(GATEWAY_CODES)('%s is answered with the status of its own table', (code) => {
        const { status, body } = toProblem(new ProblemError(code, 'detail'));
        expect([status, body.code, body.type]).toEqual([
            GATEWAY_PROBLEMS[code].status,
            code,
            `urn:lendledger:problem:${code}`,
        ]);
    });
});

describe('framework errors', () => {
    it('a path @fastify/static refuses (traversal, NUL) is MALFORMED_URL, not a body problem', () => {
        const error = Object.assign(new Error('Forbidden path'), {
            statusCode: 400,
            code: 'FST_STATIC_FORBIDDEN_PATH',
        });
        expect(toProblem(error).body).toMatchObject({ status: 400, code: 'MALFORMED_URL' });
    });

    it('any other 4xx framework error keeps the code of its status', () => {
        const error = Object.assign(new Error('odd'), { statusCode: 400, code: 'FST_SOMETHING_ELSE' });
        expect(toProblem(error).body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    });
});
