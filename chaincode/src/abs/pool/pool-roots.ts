import {
    ABS_ERRORS,
    type PoolRecord,
    type PoolRoot,
    type PoolRootConsistency,
    type PoolRootRecord,
    toHex,
} from '@lendledger/domain';
import { frontierRoot } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readJson, writeJson } from '../../core/ledger-state.js';
import { poolRootKey } from '../keys.js';
import { readCutOff } from './pool-store.js';
import { indexedConsistencyProof, tapeIsIndexed } from './tape-index.js';

/**
 * Pool roots (`domain/src/abs/pool-root.ts`): what a period's close records of the pool's append-only log, and the
 * consistency proofs between two of them. The proofs need nothing beyond the tape index the log already keeps
 * (blocks of leaf hashes and the roots of perfect subtrees): every hash of a proof is an aligned subtree, read as one
 * node or one block, so a proof over a 300k-loan log costs a few dozen point reads and no range query.
 */

/** Records the log's size and root at the close of `periodNo`. */
export async function writePoolRoot(
    ctx: Context,
    pool: PoolRecord,
    periodNo: number,
    at: Readonly<{ time: string; txId: string }>,
): Promise<PoolRootRecord> {
    const record: PoolRootRecord = {
        dealId: pool.dealId,
        periodNo,
        size: pool.tape.size,
        root: toHex(frontierRoot(pool.tape)),
        txId: at.txId,
        time: at.time,
    };
    await writeJson(ctx, poolRootKey(ctx, pool.dealId, periodNo), record);
    return record;
}

/**
 * The pool root of a period: period 0 is the cut-off (the cut-off record's tape root and size), any other the root
 * its close stored.
 *
 * @throws ChaincodeError ABS_DEAL_STATE for period 0 before cut-off, ABS_POOL_ROOT_NOT_FOUND for a period not closed
 * or closed before pool roots were recorded.
 */
export async function readPoolRoot(ctx: Context, dealId: string, periodNo: number): Promise<PoolRoot> {
    if (periodNo === 0) {
        const cutOff = await readCutOff(ctx, dealId);
        if (cutOff === undefined) {
            throw new ChaincodeError(ABS_ERRORS.ABS_DEAL_STATE, `the pool of deal ${dealId} is not cut off yet`, {
                dealId,
            });
        }
        return { periodNo: 0, size: cutOff.tapeSize, root: cutOff.tapeRoot };
    }
    const record = await readJson<PoolRootRecord>(ctx, poolRootKey(ctx, dealId, periodNo));
    if (record === undefined) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_POOL_ROOT_NOT_FOUND,
            `period ${periodNo} of deal ${dealId} has no pool root: it is not closed, or closed before pool roots`,
            { dealId, periodNo },
        );
    }
    return { periodNo: record.periodNo, size: record.size, root: record.root };
}

/**
 * The RFC 9162 consistency proof from the pool root of `fromPeriod` to that of `toPeriod` (fromPeriod ≤ toPeriod,
 * checked by the request parser).
 *
 * @throws ChaincodeError as {@link readPoolRoot}; ABS_TAPE_NOT_INDEXED for a tape begun before the tape index.
 */
export async function poolRootConsistency(
    ctx: Context,
    dealId: string,
    fromPeriod: number,
    toPeriod: number,
): Promise<PoolRootConsistency> {
    const from = await readPoolRoot(ctx, dealId, fromPeriod);
    const to = await readPoolRoot(ctx, dealId, toPeriod);
    if (!(await tapeIsIndexed(ctx, dealId, to.size))) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_TAPE_NOT_INDEXED,
            `the tape of deal ${dealId} was begun before the tape index: its pool roots have no proofs`,
            { dealId },
        );
    }
    const proof = await indexedConsistencyProof(ctx, dealId, from.size, to.size);
    return { dealId, from, to, proof: proof.map(toHex) };
}
