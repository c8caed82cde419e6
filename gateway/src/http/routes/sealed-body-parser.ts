import { type IncomingMessage } from 'node:http';
import { FINGERPRINT_PATTERN } from '@lendledger/domain';
import { type FastifyRequest } from 'fastify';
import { FingerprintList } from '../../anchors/fingerprint-list.js';
import { ProblemError } from '../../errors/problem-error.js';

/**
 * What the streaming parser leaves in `request.body` of `POST /v1/anchors/sealed`: the fingerprints as the schema
 * describes them, and the same list as one shared text for the hashing workers and the leaves file.
 */
export class ParsedSealedBody {
    readonly fingerprints: string[];
    // Private, so the body's canonical JSON (the Idempotency-Key's request fingerprint) is `{ fingerprints }` alone.
    readonly #list: FingerprintList;

    constructor(list: FingerprintList) {
        this.#list = list;
        this.fingerprints = list.strings();
    }

    get list(): FingerprintList {
        return this.#list;
    }
}

/** A refusal of the body as Fastify's schema validation words it (VALIDATION_FAILED). */
export function bodyValidationError(path: string, message: string): Error {
    return Object.assign(new Error(`body${path} ${message}`), {
        statusCode: 400,
        code: 'FST_ERR_VALIDATION',
        validation: [{ instancePath: path, message }],
        validationContext: 'body',
    });
}

/** A body that is not JSON, as Fastify's JSON parser refuses it (MALFORMED_REQUEST). */
function malformed(why: string, code?: string): Error {
    return Object.assign(new SyntaxError(why), { statusCode: 400, ...(code === undefined ? {} : { code }) });
}

const WHITESPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) {
    WHITESPACE[byte] = 1;
}
/** Bytes that begin a JSON value other than a string: a number, true, false, null, an array or an object. */
const OTHER_VALUE_START = new Uint8Array(256);
for (const byte of Buffer.from('-0123456789tfn[{')) {
    OTHER_VALUE_START[byte] = 1;
}
const LOWER_HEX = new Uint8Array(256);
for (const byte of Buffer.from('0123456789abcdef')) {
    LOWER_HEX[byte] = 1;
}
/** Bytes a canonical fingerprint may hold at all; anything else refuses its item at once. */
const FINGERPRINT_BYTE = new Uint8Array(256);
for (const byte of Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz:')) {
    FINGERPRINT_BYTE[byte] = 1;
}
const SHA256_PREFIX = Buffer.from('sha256:');
const SM3_PREFIX = Buffer.from('sm3:');
const LONGEST = SHA256_PREFIX.length + 64;
const SM3_LENGTH = SM3_PREFIX.length + 64;
const KEY = 'fingerprints';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** The most memory taken for a body on its Content-Length alone (a million fingerprints are about 72 MB). */
const INITIAL_TEXT_LIMIT = 16 * 1024 * 1024;
const SIMPLE_ESCAPES: Readonly<Record<number, number>> = {
    0x22: 0x22,
    0x5c: 0x5c,
    0x2f: 0x2f,
    0x62: 0x08,
    0x66: 0x0c,
    0x6e: 0x0a,
    0x72: 0x0d,
    0x74: 0x09,
};

// Where the parser is in `{ "fingerprints": [ "…", … ] }`.
const BEFORE_OBJECT = 0;
const KEY_OR_CLOSE = 1;
const KEY_TEXT = 2;
const COLON = 3;
const VALUE = 4;
const FIRST_ITEM = 5;
const ITEM_TEXT = 6;
const AFTER_ITEM = 7;
const NEXT_ITEM = 8;
const AFTER_ARRAY = 9;
const NEXT_KEY = 10;
const DONE = 11;

/** Which fingerprint of `text[start, end)` holds, if any: the canonical form `sha256:<64 hex>` or `sm3:<64 hex>`. */
function isFingerprint(text: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    let prefix: Buffer;
    if (length === SHA256_PREFIX.length + 64) {
        prefix = SHA256_PREFIX;
    } else if (length === SM3_PREFIX.length + 64) {
        prefix = SM3_PREFIX;
    } else {
        return false;
    }
    for (let i = 0; i < prefix.length; i++) {
        if (text[start + i] !== prefix[i]) {
            return false;
        }
    }
    for (let i = start + prefix.length; i < end; i++) {
        if (LOWER_HEX[text[i]!] !== 1) {
            return false;
        }
    }
    return true;
}

/**
 * Reads `{ "fingerprints": [ … ] }` chunk by chunk, as it arrives, into a {@link FingerprintList}: no whole-body
 * string, no array of parsed values, no second pass of schema validation. It refuses what Fastify's JSON parser and
 * the route's schema refused, with the same problem codes, as soon as the bytes read show it: a byte that cannot be
 * JSON there (400 MALFORMED_REQUEST, also for a body cut short), an item that is not a canonical fingerprint, a
 * value of the wrong type, a property other than `fingerprints`, an empty list or one longer than `maxItems`
 * (400 VALIDATION_FAILED, naming the item's path). A refused body leaves nothing behind but this parser.
 *
 * JSON's string escapes are decoded (`"\u0073ha256:…"` is the fingerprint it spells); a repeated `fingerprints`
 * property replaces the list, as JSON.parse does. One difference stays: the first fault found refuses the body, so
 * a wrong item before a syntax error is VALIDATION_FAILED where a whole-body parse said MALFORMED_REQUEST.
 */
export class FingerprintListParser {
    readonly #maxItems: number;
    #text: Buffer;
    #length = 0;
    #bounds: Uint32Array;
    #count = 0;
    #state = BEFORE_OBJECT;
    #key = '';
    /** Within a string: 0 plain, 1 after a backslash, 2..5 reading the hex digits of `\u`. */
    #escape = 0;
    #unicode = 0;
    #itemStart = 0;
    /** Bytes read before the current chunk. */
    #position = 0;
    /** Bytes of a leading UTF-8 byte order mark matched so far (Fastify's JSON parser skips one). */
    #bom = 0;

    constructor(options: { readonly maxItems: number; readonly expectedBytes?: number }) {
        this.#maxItems = options.maxItems;
        // The list's text is never longer than the body (each item costs its two quotes and a comma or bracket); a
        // declared length is trusted only so far before the bytes arrive, and the text grows beyond it as they do.
        const expected = Math.min(options.expectedBytes ?? 0, INITIAL_TEXT_LIMIT);
        this.#text = Buffer.from(new SharedArrayBuffer(Math.max(expected, 64 * 1024)));
        this.#bounds = new Uint32Array(1024);
    }

    /**
     * Reads the next bytes of the body.
     *
     * @throws an Error Fastify's error handler turns into 400 MALFORMED_REQUEST or VALIDATION_FAILED.
     */
    write(chunk: Uint8Array): void {
        const offset = this.#position;
        this.#position += chunk.length;
        let i = 0;
        while (i < chunk.length) {
            if (this.#state === ITEM_TEXT) {
                i = this.#itemText(chunk, i);
                continue;
            }
            if (this.#state === KEY_TEXT) {
                i = this.#keyText(chunk, i);
                continue;
            }
            const byte = chunk[i]!;
            if (WHITESPACE[byte] === 1) {
                i++;
            } else if (this.#state === BEFORE_OBJECT && offset + i === this.#bom && byte === BOM[this.#bom]) {
                this.#bom++;
                i++;
            } else if (this.#state === FIRST_ITEM || this.#state === NEXT_ITEM || this.#state === AFTER_ITEM) {
                i = this.#listToken(chunk, i, byte);
            } else {
                this.#objectToken(byte);
                i++;
            }
        }
    }

    /** A byte of the object around the list (outside strings and whitespace). */
    #objectToken(byte: number): void {
        switch (this.#state) {
            case BEFORE_OBJECT:
                if (byte !== 0x7b) {
                    throw this.#notValue(byte, '', 'must be object');
                }
                if (this.#bom !== 0 && this.#bom !== BOM.length) {
                    throw malformed('a broken byte order mark before the JSON document');
                }
                this.#state = KEY_OR_CLOSE;
                return;
            case KEY_OR_CLOSE:
            case NEXT_KEY:
                if (byte === 0x7d && this.#state === KEY_OR_CLOSE) {
                    throw bodyValidationError('', `must have required property '${KEY}'`);
                }
                if (byte !== 0x22) {
                    throw malformed(`unexpected ${describe(byte)} where a property name belongs`);
                }
                this.#key = '';
                this.#state = KEY_TEXT;
                return;
            case COLON:
                if (byte !== 0x3a) {
                    throw malformed(`expected ':' after a property name, found ${describe(byte)}`);
                }
                this.#state = VALUE;
                return;
            case VALUE:
                if (byte !== 0x5b) {
                    throw this.#notValue(byte, `/${KEY}`, 'must be array');
                }
                // A repeated property replaces the earlier value, as JSON.parse does.
                this.#count = 0;
                this.#length = 0;
                this.#state = FIRST_ITEM;
                return;
            case AFTER_ARRAY:
                if (byte !== 0x2c && byte !== 0x7d) {
                    throw malformed(`expected ',' or '}' after the list, found ${describe(byte)}`);
                }
                this.#state = byte === 0x2c ? NEXT_KEY : DONE;
                return;
            default:
                throw malformed(`unexpected ${describe(byte)} after the end of the JSON document`);
        }
    }

    /** A byte of the list between its items (outside strings and whitespace); answers where reading goes on. */
    #listToken(chunk: Uint8Array, i: number, byte: number): number {
        if (this.#state === AFTER_ITEM) {
            if (byte !== 0x2c && byte !== 0x5d) {
                throw malformed(`expected ',' or ']' after an item, found ${describe(byte)}`);
            }
            this.#state = byte === 0x2c ? NEXT_ITEM : AFTER_ARRAY;
            return i + 1;
        }
        if (byte === 0x5d && this.#state === FIRST_ITEM) {
            throw bodyValidationError(`/${KEY}`, 'must NOT have fewer than 1 items');
        }
        if (byte !== 0x22) {
            throw this.#notValue(byte, `/${KEY}/${this.#count}`, 'must be string');
        }
        if (this.#count >= this.#maxItems) {
            throw bodyValidationError(`/${KEY}`, `must NOT have more than ${this.#maxItems} items`);
        }
        return this.#quickItem(chunk, i + 1);
    }

    /**
     * The list, once the whole body was read.
     *
     * @throws an Error for 400 MALFORMED_REQUEST when the body ended early (or was empty).
     */
    end(): FingerprintList {
        if (this.#position === 0) {
            throw malformed(
                "Body cannot be empty when content-type is set to 'application/json'",
                'FST_ERR_CTP_EMPTY_JSON_BODY',
            );
        }
        if (this.#state !== DONE) {
            throw malformed('Unexpected end of JSON input');
        }
        const bounds = new Uint32Array(new SharedArrayBuffer((this.#count + 1) * 4));
        bounds.set(this.#bounds.subarray(0, this.#count + 1));
        return new FingerprintList(this.#text, bounds);
    }

    /** A value that is not the one expected: a schema refusal when it is JSON, else a syntax one. */
    #notValue(byte: number, path: string, message: string): Error {
        if (OTHER_VALUE_START[byte] === 1 || byte === 0x22) {
            return bodyValidationError(path, message);
        }
        return malformed(`unexpected ${describe(byte)} where a value belongs`);
    }

    /**
     * An item starting at `start` (after its quote): a canonical fingerprint and its closing quote wholly in this
     * chunk are checked and copied in one go, anything else goes through the byte-by-byte reading.
     */
    #quickItem(chunk: Uint8Array, start: number): number {
        this.#beginItem();
        const sha256 = this.#copyFingerprint(chunk, start, LONGEST);
        const after = sha256 > 0 ? sha256 : this.#copyFingerprint(chunk, start, SM3_LENGTH);
        if (after > 0) {
            this.#finishItem();
            return after;
        }
        this.#state = ITEM_TEXT;
        return start;
    }

    /**
     * Copies a fingerprint of `length` characters from `chunk[start]` on if that is what stands there, closing
     * quote included, and answers the index after the quote (else -1); checking and copying in one pass, since this
     * runs once per leaf.
     */
    #copyFingerprint(chunk: Uint8Array, start: number, length: number): number {
        const close = start + length;
        if (close >= chunk.length || chunk[close] !== 0x22) {
            return -1;
        }
        const prefix = length === LONGEST ? SHA256_PREFIX : SM3_PREFIX;
        for (let i = 0; i < prefix.length; i++) {
            if (chunk[start + i] !== prefix[i]) {
                return -1;
            }
        }
        this.#reserve(length + 1);
        const text = this.#text;
        let at = this.#length;
        for (let i = start; i < close; i++) {
            const byte = chunk[i]!;
            if (i >= start + prefix.length && LOWER_HEX[byte] !== 1) {
                return -1;
            }
            text[at++] = byte;
        }
        this.#length = at;
        return close + 1;
    }

    #beginItem(): void {
        this.#itemStart = this.#length;
    }

    #itemText(chunk: Uint8Array, start: number): number {
        for (let i = start; i < chunk.length; i++) {
            const byte = chunk[i]!;
            if (this.#escape > 0) {
                const decoded = this.#escaped(byte);
                if (decoded >= 0) {
                    this.#itemChar(decoded);
                }
                continue;
            }
            if (byte === 0x22) {
                if (!isFingerprint(this.#text, this.#itemStart, this.#length)) {
                    throw this.#badItem();
                }
                this.#finishItem();
                return i + 1;
            }
            if (byte === 0x5c) {
                this.#escape = 1;
                continue;
            }
            if (byte < 0x20) {
                throw malformed('a control character inside a string');
            }
            this.#itemChar(byte);
        }
        return chunk.length;
    }

    #keyText(chunk: Uint8Array, start: number): number {
        for (let i = start; i < chunk.length; i++) {
            const byte = chunk[i]!;
            if (this.#escape > 0) {
                const decoded = this.#escaped(byte);
                if (decoded >= 0) {
                    this.#keyChar(decoded);
                }
                continue;
            }
            if (byte === 0x22) {
                if (this.#key === '__proto__') {
                    throw malformed('Object contains forbidden prototype property');
                }
                if (this.#key !== KEY) {
                    throw bodyValidationError('', 'must NOT have additional properties');
                }
                this.#state = COLON;
                return i + 1;
            }
            if (byte === 0x5c) {
                this.#escape = 1;
                continue;
            }
            if (byte < 0x20) {
                throw malformed('a control character inside a string');
            }
            this.#keyChar(byte);
        }
        return chunk.length;
    }

    /** The character an escape sequence decodes to once complete, or -1 while it is still being read. */
    #escaped(byte: number): number {
        if (this.#escape === 1) {
            if (byte === 0x75) {
                this.#escape = 2;
                this.#unicode = 0;
                return -1;
            }
            const simple = SIMPLE_ESCAPES[byte];
            if (simple === undefined) {
                throw malformed(`bad escape \\${String.fromCharCode(byte)} in a string`);
            }
            this.#escape = 0;
            return simple;
        }
        const digit = hexValue(byte);
        if (digit < 0) {
            throw malformed('bad \\u escape in a string');
        }
        this.#unicode = this.#unicode * 16 + digit;
        if (this.#escape < 5) {
            this.#escape++;
            return -1;
        }
        this.#escape = 0;
        return this.#unicode;
    }

    #itemChar(code: number): void {
        if (code > 0x7f || FINGERPRINT_BYTE[code] !== 1 || this.#length - this.#itemStart >= LONGEST) {
            throw this.#badItem();
        }
        this.#reserve(1);
        this.#text[this.#length++] = code;
    }

    #keyChar(code: number): void {
        // No property but `fingerprints` is allowed, so a long name is refused without keeping it.
        if (this.#key.length > KEY.length) {
            throw bodyValidationError('', 'must NOT have additional properties');
        }
        this.#key += String.fromCharCode(code);
    }

    #badItem(): Error {
        return bodyValidationError(`/${KEY}/${this.#count}`, `must match pattern "${FINGERPRINT_PATTERN.source}"`);
    }

    #finishItem(): void {
        this.#reserve(1);
        this.#text[this.#length++] = 0x0a;
        this.#count++;
        if (this.#count + 1 > this.#bounds.length) {
            const grown = new Uint32Array(this.#bounds.length * 2);
            grown.set(this.#bounds);
            this.#bounds = grown;
        }
        this.#bounds[this.#count] = this.#length;
        this.#state = AFTER_ITEM;
    }

    #reserve(bytes: number): void {
        if (this.#length + bytes <= this.#text.length) {
            return;
        }
        const grown = Buffer.from(new SharedArrayBuffer(Math.max(this.#text.length * 2, this.#length + bytes)));
        grown.set(this.#text.subarray(0, this.#length));
        this.#text = grown;
    }
}

function hexValue(byte: number): number {
    if (byte >= 0x30 && byte <= 0x39) {
        return byte - 0x30;
    }
    const lower = byte | 0x20;
    return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function describe(byte: number): string {
    return byte >= 0x21 && byte <= 0x7e ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16)}`;
}

/**
 * Reads a sealed batch's body from the request stream through a {@link FingerprintListParser}, refusing a body over
 * `limit` bytes as soon as it is known to be one (413 PAYLOAD_TOO_LARGE), and a stream that ends or fails early.
 */
export async function parseSealedBody(
    request: FastifyRequest,
    payload: IncomingMessage,
    options: { readonly limit: number; readonly maxItems: number },
): Promise<ParsedSealedBody> {
    const { limit, maxItems } = options;
    const header = request.headers['content-length'];
    const declared = header === undefined ? undefined : Number(header);
    if (declared !== undefined && declared > limit) {
        throw tooLarge(limit);
    }
    const parser = new FingerprintListParser({ maxItems, expectedBytes: declared });
    return await new Promise((resolve, reject) => {
        let bytes = 0;
        let settled = false;
        const finish = (error: unknown, body?: ParsedSealedBody): void => {
            if (settled) {
                return;
            }
            settled = true;
            payload.off('data', onData);
            payload.off('end', onEnd);
            payload.off('error', onError);
            payload.off('close', onClose);
            if (error === undefined) {
                resolve(body!);
            } else {
                reject(error);
            }
        };
        const onData = (chunk: Buffer): void => {
            bytes += chunk.length;
            try {
                if (bytes > limit) {
                    throw tooLarge(limit);
                }
                parser.write(chunk);
            } catch (error) {
                finish(error);
            }
        };
        const onEnd = (): void => {
            try {
                if (declared !== undefined && bytes !== declared) {
                    throw malformed(
                        'Request body size did not match Content-Length',
                        'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
                    );
                }
                finish(undefined, new ParsedSealedBody(parser.end()));
            } catch (error) {
                finish(error);
            }
        };
        const onError = (error: Error): void => finish(error);
        const onClose = (): void => finish(malformed('the request ended before its body was read'));
        payload.on('data', onData);
        payload.on('end', onEnd);
        payload.on('error', onError);
        payload.on('close', onClose);
    });
}

function tooLarge(limit: number): ProblemError {
    return new ProblemError('PAYLOAD_TOO_LARGE', `the body of a sealed batch may hold at most ${limit} bytes`);
}
