import { COMMON_ERRORS } from '@lendledger/domain';
import { Context, Contract } from 'fabric-contract-api';
import { enforceAccessGate } from '../membership/access-gate.js';
import { ChaincodeError } from './chaincode-error.js';
import { batchWrites, flushWrites } from './peer-batching.js';

/** A function name plain enough to repeat in an error; anything else a caller sent is not echoed back. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The base of every contract of this chaincode. fabric-contract-api answers a call of a function the contract does
 * not declare through `unknownTransaction`, whose default throws an uncoded error that a gateway can only report
 * as a failed endorsement (502). Here it is the coded UNKNOWN_TRANSACTION, a 4xx the caller can act on.
 */
export abstract class LedgerContract extends Contract {
    /**
     * Runs before every transaction function (fabric-contract-api calls it once the function is found): applies the
     * access table's role gate, so every function checks its caller before it reads its request. The function's
     * writes are held back and sent to the peer in one message when it returns (core/peer-batching.ts).
     */
    override async beforeTransaction(ctx: Context): Promise<void> {
        batchWrites(ctx.stub);
        await enforceAccessGate(ctx, this.getName());
    }

    /** Runs once the transaction function returned: sends its writes to the peer. */
    override async afterTransaction(ctx: Context): Promise<void> {
        await flushWrites(ctx.stub);
    }

    /**
     * Refuses a call of a function this contract does not declare.
     *
     * @throws {@link ChaincodeError} UNKNOWN_TRANSACTION naming the contract (and the function, when it is a plain name).
     */
    override async unknownTransaction(ctx: Context): Promise<never> {
        const { fcn } = ctx.stub.getFunctionAndParameters();
        const requested = fcn.slice(fcn.lastIndexOf(':') + 1);
        const contract = this.getName();
        if (PLAIN_NAME.test(requested)) {
            throw new ChaincodeError(
                COMMON_ERRORS.UNKNOWN_TRANSACTION,
                `contract ${contract} has no transaction function ${requested}`,
                { contract, function: requested },
            );
        }
        throw new ChaincodeError(
            COMMON_ERRORS.UNKNOWN_TRANSACTION,
            `contract ${contract} has no such transaction function`,
            {
                contract,
            },
        );
    }
}
