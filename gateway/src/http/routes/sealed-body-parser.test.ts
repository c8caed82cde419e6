import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toProblem } from '../../errors/problem.js';
import { AJV_OPTIONS } from '../ajv-options.js';
import { closed, FingerprintString } from '../schemas/common.js';
import { FingerprintListParser } from './sealed-body-parser.js';

const MAX_ITEMS = 8;

/** What a body comes to: its fingerprints, or the problem code and the schema errors it is refused with. */
type Outcome =
    | { readonly fingerprints: readonly string[] }
    | { readonly code: string; readonly errors?: readonly { path: string; message: string }[] };

function outcomeOf(error: unknown): Outcome {
    const { body } = toProblem(error);
    const errors = (body as { errors?: { path: string; message: string }[] }).errors;
    return {
        code: body.code,
        ...(errors ? { errors: errors.map(({ path, message }) => ({ path, message })) } : {}),
    };
}

/** The body read the way the route reads it now: streamed through the parser, in the given chunks. */
function streamed(body: Buffer, cuts: readonly number[]): Outcome {
    const parser = new FingerprintListParser({ maxItems: MAX_ITEMS, expectedBytes: body.length });
    try {
        let start = 0;
        for (const cut of [...cuts.filter((at) => at < body.length)].sort((a, b) => a - b)) {
            parser.write(body.subarray(start, cut));
            start = cut;
        }
        parser.write(body.subarray(start));
        return { fingerprints: parser.end().strings() };
    } catch (error) {
        return outcomeOf(error);
    }
}

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const fingerprint = fc.tuple(fc.constantFrom('sha256:', 'sm3:'), hex64).map(([prefix, digest]) => prefix + digest);
const whitespace = fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\r'), maxLength: 2 });

/** A JSON string of the text, some of its characters written as `\u` escapes. */
const jsonString = (text: string): fc.Arbitrary<string> =>
    fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((escaped) => {
        const characters = [...text].map((character, index) =>
            escaped[index] && index % 5 === 0
                ? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`
                : JSON.stringify(character).slice(1, -1),
        );
        return `"${characters.join('')}"`;
    });

/** A value that is JSON but not a fingerprint. */
const notFingerprint = fc.oneof(
    fc.constantFrom('12', '-3.5e2', 'null', 'true', 'false', '{}', '{"a":[1]}', '[]', '["x"]'),
    fc
        .constantFrom('SHA256:', 'sha256:', 'sha1:', 'sm3:00', '')
        .chain((prefix) =>
            hex64.map((digest) => JSON.stringify(`${prefix}${digest.slice(0, prefix === '' ? 10 : 63)}`)),
        ),
    fingerprint.map((value) => JSON.stringify(`${value}0`)),
    fingerprint.map((value) => JSON.stringify(value.replace(/.$/, 'é'))),
    fingerprint.map((value) => JSON.stringify(value.replace(/.$/, '\n'))),
);

/** The faults a body may have, at most one each: none, or one of these. */
type Fault =
    | { readonly kind: 'none' }
    | { readonly kind: 'bad item'; readonly at: number; readonly value: string }
    | { readonly kind: 'truncated'; readonly keep: number }
    | { readonly kind: 'extra property'; readonly name: string; readonly first: boolean }
    | { readonly kind: 'empty list' | 'not an array' | 'not an object' | 'trailing garbage' | 'no properties' }
    | { readonly kind: 'raw control character' | 'bad escape'; readonly at: number }
    | { readonly kind: 'byte order mark' };

const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.constant({ kind: 'none' } as const),
    fc.record({ kind: fc.constant('bad item' as const), at: fc.nat(), value: notFingerprint }),
    fc.record({ kind: fc.constant('truncated' as const), keep: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
    fc.record({
        kind: fc.constant('extra property' as const),
        name: fc.constantFrom('note', 'constructor', '__proto__', 'fingerprint', 'fingerprintsx'),
        first: fc.boolean(),
    }),
    fc.constantFrom(
        ...(['empty list', 'not an array', 'not an object', 'trailing garbage', 'no properties'] as const).map(
            (kind) => ({ kind }),
        ),
    ),
    fc.record({ kind: fc.constantFrom('raw control character' as const, 'bad escape' as const), at: fc.nat() }),
    fc.constant({ kind: 'byte order mark' } as const),
);

/** A body with at most one fault, written with random whitespace and escapes. */
const body: fc.Arbitrary<Buffer> = fc
    .tuple(fc.array(fingerprint, { minLength: 1, maxLength: MAX_ITEMS + 3 }), fault)
    .chain(([items, chosen]) =>
        fc
            .tuple(
                fc.tuple(...items.map((item) => jsonString(item))),
                fc.array(whitespace, { minLength: 2 * items.length + 8, maxLength: 2 * items.length + 8 }),
                jsonString('fingerprints'),
            )
            .map(([written, spaces, key]) => {
                // A list longer than MAX_ITEMS is a fault of its own, so it comes only without another one.
                const count = chosen.kind === 'none' ? items.length : Math.min(items.length, MAX_ITEMS);
                let space = 0;
                const ws = (): string => spaces[space++ % spaces.length]!;
                const listed = written.slice(0, count).map((item, index) => {
                    if (chosen.kind === 'bad item' && index === chosen.at % count) {
                        return chosen.value;
                    }
                    if (chosen.kind === 'raw control character' && index === chosen.at % count) {
                        return `${item.slice(0, 10)}\u0001${item.slice(10)}`;
                    }
                    if (chosen.kind === 'bad escape' && index === chosen.at % count) {
                        return `${item.slice(0, 10)}\\x${item.slice(10)}`;
                    }
                    return item;
                });
                let list = `[${ws()}${listed.join(`${ws()},${ws()}`)}${ws()}]`;
                if (chosen.kind === 'empty list') {
                    list = `[${ws()}]`;
                } else if (chosen.kind === 'not an array') {
                    list = listed[0]!;
                }
                let members = [`${key}${ws()}:${ws()}${list}`];
                if (chosen.kind === 'extra property') {
                    const extra = `${JSON.stringify(chosen.name)}:${ws()}1`;
                    members = chosen.first ? [extra, ...members] : [...members, extra];
                }
                let text = `${ws()}{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}${ws()}`;
                if (chosen.kind === 'not an object') {
                    text = `${ws()}${list}${ws()}`;
                } else if (chosen.kind === 'no properties') {
                    text = `{${ws()}}`;
                } else if (chosen.kind === 'trailing garbage') {
                    text = `${text}x`;
                } else if (chosen.kind === 'byte order mark') {
                    text = `\ufeff${text.trimStart()}`;
                }
                const bytes = Buffer.from(text);
                return chosen.kind === 'truncated' ? bytes.subarray(0, Math.floor(chosen.keep * bytes.length)) : bytes;
            }),
    );

describe('FingerprintListParser', () => {
    /** The route as it read its body before: Fastify's JSON parser, then the schema's Ajv validation. */
    let before: FastifyInstance;

    beforeAll(async () => {
        before = Fastify({ ajv: AJV_OPTIONS });
        before.setErrorHandler((error, _request, reply) => reply.code(299).send(outcomeOf(error)));
        before.post(
            '/sealed',
            {
                schema: {
                    body: closed({ fingerprints: Type.Array(FingerprintString, { minItems: 1, maxItems: MAX_ITEMS }) }),
                },
            },
            async (request) => ({ fingerprints: (request.body as { fingerprints: string[] }).fingerprints }),
        );
        await before.ready();
    });

    afterAll(async () => {
        await before.close();
    });

    async function readBefore(payload: Buffer): Promise<Outcome> {
        const response = await before.inject({
            method: 'POST',
            url: '/sealed',
            headers: { 'content-type': 'application/json' },
            payload,
        });
        return response.json<Outcome>();
    }

    it('reads every body as JSON.parse and the schema did, in any chunking: the same list or the same refusal', async () => {
        await fc.assert(
            fc.asyncProperty(body, fc.array(fc.nat({ max: 2_000 }), { maxLength: 6 }), async (payload, cuts) => {
                expect(streamed(payload, cuts)).toEqual(await readBefore(payload));
            }),
            { numRuns: 400 },
        );
    });

    it('refuses a bad item at position k while reading it, before the rest of the body arrives', () => {
        fc.assert(
            fc.property(
                fc.array(fingerprint, { minLength: 2, maxLength: MAX_ITEMS }),
                fc.nat(),
                notFingerprint,
                (items, at, value) => {
                    const k = at % items.length;
                    const head = Buffer.from(
                        `{"fingerprints":[${[...items.slice(0, k).map((item) => JSON.stringify(item)), value].join(',')}`,
                    );
                    // The refusal comes at the latest at the comma closing the item; nothing after it is read.
                    const parser = new FingerprintListParser({ maxItems: MAX_ITEMS });
                    const refusal = captured(() => parser.write(Buffer.concat([head, Buffer.from(',')])));
                    expect(outcomeOf(refusal)).toMatchObject({
                        code: 'VALIDATION_FAILED',
                        errors: [{ path: `/fingerprints/${k}` }],
                    });
                },
            ),
        );
    });

    it('grows its text past what the Content-Length promised, keeping every fingerprint in order', () => {
        const items = Array.from({ length: 3_000 }, (_, i) => `sha256:${i.toString(16).padStart(64, '0')}`);
        const whole = Buffer.from(JSON.stringify({ fingerprints: items }));
        for (const expectedBytes of [undefined, 10, whole.length]) {
            const parser = new FingerprintListParser({ maxItems: items.length, expectedBytes });
            for (let start = 0; start < whole.length; start += 1_000) {
                parser.write(whole.subarray(start, start + 1_000));
            }
            expect(parser.end().strings()).toEqual(items);
        }
    });

    it('refuses the item past maxItems as it begins, and a body cut short only at its end', () => {
        const items = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => `"sha256:${String(i).repeat(64).slice(0, 64)}"`);
        const parser = new FingerprintListParser({ maxItems: MAX_ITEMS });
        parser.write(Buffer.from(`{"fingerprints":[${items.slice(0, MAX_ITEMS).join(',')},`));
        expect(() => parser.write(Buffer.from('"'))).toThrow(/must NOT have more than 8 items/);
        const cut = new FingerprintListParser({ maxItems: MAX_ITEMS });
        cut.write(Buffer.from(`{"fingerprints":[${items[0]}`));
        expect(outcomeOf(captured(() => cut.end()))).toEqual({ code: 'MALFORMED_REQUEST' });
    });
});

function captured(action: () => unknown): unknown {
    try {
        action();
    } catch (error) {
        return error;
    }
    throw new Error('expected a refusal');
}
