import { PII_SAMPLES, SHORT_CODE_PATTERN } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { ChaincodeError } from './chaincode-error.js';
import { asFields, integer, list, optionalText, parseRequest, readClosed, text } from './request-fields.js';

/** The error a reader threw, or undefined when it returned. */
function refusalOf(read: () => unknown): ChaincodeError | undefined {
    try {
        read();
        return undefined;
    } catch (error) {
        if (error instanceof ChaincodeError) {
            return error;
        }
        throw error;
    }
}

const code = { pattern: SHORT_CODE_PATTERN };

describe('a request is a closed object', () => {
    it('answers what the reader read when the request holds only those keys', () => {
        const answer = parseRequest('{"code":"A1","count":3}', (fields) => ({
            code: text(fields, 'code', code),
            count: integer(fields, 'count'),
        }));
        expect(answer).toEqual({ code: 'A1', count: 3 });
    });

    it('refuses a key the reader never read, naming it when it is a code', () => {
        const refusal = refusalOf(() =>
            parseRequest('{"code":"A1","note":"x"}', (fields) => text(fields, 'code', code)),
        );
        expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'note' } });
    });

    it('counts an optional field the reader looked for as read', () => {
        expect(parseRequest('{"extra":null}', (fields) => optionalText(fields, 'extra', code) ?? 'none')).toBe('none');
    });

    it('refuses an unknown key in a nested object, naming its path', () => {
        const refusal = refusalOf(() =>
            parseRequest('{"items":[{"code":"A1"},{"code":"B2","loanRef":"x"}]}', (fields) =>
                list(fields, 'items', { max: 5 }).map((item, index) =>
                    text(asFields(item, `items[${index}]`), 'code', code),
                ),
            ),
        );
        expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'items[1].loanRef' } });
    });

    it('joins the keys two readers read from one object', () => {
        const answer = parseRequest('{"row":{"a":1,"b":2}}', (fields) => {
            const first = integer(asFields(fields.row, 'row'), 'a');
            const second = integer(asFields(fields.row, 'row'), 'b');
            return first + second;
        });
        expect(answer).toBe(3);
    });

    it('never repeats a key that is personal data: it names the object that holds it', () => {
        const key = `${PII_SAMPLES.chineseName}${PII_SAMPLES.mobile}`;
        const top = refusalOf(() =>
            parseRequest(JSON.stringify({ code: 'A1', [key]: 1 }), (f) => text(f, 'code', code)),
        );
        expect(top).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'request' } });
        expect(JSON.stringify(top)).not.toContain(PII_SAMPLES.mobile);
        const nested = refusalOf(() =>
            parseRequest(JSON.stringify({ row: { [PII_SAMPLES.residentId]: 1 } }), (fields) =>
                asFields(fields.row, 'row'),
            ),
        );
        expect(nested).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'row' } });
        expect(JSON.stringify(nested)).not.toContain(PII_SAMPLES.residentId);
    });

    it('refuses a reader that is not synchronous, a programming error', () => {
        expect(() => parseRequest('{}', async () => Promise.resolve(1))).toThrow('synchronous');
    });

    it('closes the objects a reader of other input opens', () => {
        const refusal = refusalOf(() => readClosed(() => integer(asFields({ a: 1, b: 2 }, 'transient.loans[0]'), 'a')));
        expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'transient.loans[0].b' } });
    });
});
