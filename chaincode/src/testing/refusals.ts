import { decodeCodedError, type CodedErrorBody } from '@lendledger/domain';
import { expect } from 'vitest';
import { ChaincodeError } from '../core/chaincode-error.js';

/** How contract tests take a refused call apart: the thrown ChaincodeError, or the coded body its message carries. */

/** The error a call that must be refused threw; fails the test unless it is a ChaincodeError. */
export async function refusalOf(call: Promise<unknown>): Promise<ChaincodeError> {
    const error = await call.then(
        () => undefined,
        (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ChaincodeError);
    return error as ChaincodeError;
}

/** The coded body (`{ code, message, details }`) of a call that must be refused, as a client decodes it. */
export async function failureOf(call: Promise<unknown>): Promise<CodedErrorBody> {
    const error = await call.then(
        () => undefined,
        (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    const body = decodeCodedError((error as Error).message);
    expect(body).toBeDefined();
    return body!;
}
