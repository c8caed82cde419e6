import { contracts } from '../index.js';

/**
 * Every transaction function the chaincode serves, read from the metadata fabric-contract-api's decorators leave on
 * each contract's prototype: the same list the peer's dispatcher answers from. A test that walks this list covers a
 * new contract or function the day it is added, without anyone listing it.
 */

/** One transaction function of one contract. */
export interface TransactionFunction {
    /** The contract's name as clients address it (`Evidence`, `AbsDeal`...). */
    readonly contractName: string;
    readonly contract: object;
    readonly fn: string;
    /** True for functions the gateway submits (writes), false for evaluated ones (reads). */
    readonly submit: boolean;
    /** Parameter names after the context, in order; the dispatcher refuses any other number of arguments. */
    readonly parameters: readonly string[];
}

/** The shape of fabric-contract-api's `fabric:transactions` metadata entries that this module reads. */
interface TransactionMetadata {
    readonly name: string;
    readonly tag?: readonly string[];
    readonly parameters?: readonly { readonly name: string }[];
}

type MetadataReader = (key: string, target: object) => unknown;

/** `Reflect.getMetadata`, installed by reflect-metadata when fabric-contract-api loads. */
function metadataReader(): MetadataReader {
    const reader = (Reflect as unknown as { getMetadata?: MetadataReader }).getMetadata;
    if (reader === undefined) {
        throw new Error('reflect-metadata is not loaded: import fabric-contract-api first');
    }
    return reader;
}

/**
 * The transaction functions of the given contract classes (by default, every contract of the chaincode).
 *
 * @throws Error when a contract declares no transaction function: the dispatcher would then expose every method.
 */
export function transactionFunctions(classes: readonly (new () => object)[] = contracts): TransactionFunction[] {
    const getMetadata = metadataReader();
    return classes.flatMap((ContractClass) => {
        const contract = new ContractClass() as { getName(): string };
        const declared = (getMetadata('fabric:transactions', ContractClass.prototype) ?? []) as TransactionMetadata[];
        if (declared.length === 0) {
            throw new Error(`${ContractClass.name} declares no transaction function`);
        }
        return declared.map((entry) => ({
            contractName: contract.getName(),
            contract,
            fn: entry.name,
            submit: entry.tag?.includes('SUBMIT') ?? false,
            parameters: (entry.parameters ?? []).map((parameter) => parameter.name),
        }));
    });
}
