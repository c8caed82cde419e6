import {
    EVIDENCE_ERRORS,
    type EvidenceRecord,
    type EvidenceRecordBody,
    type LifecycleStage,
    type LoanHead,
} from '@lendledger/domain';
import { evidenceLinkHash } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { exists, readJson, txTime, writeJson } from '../../core/ledger-state.js';
import { evidenceIndexKey, evidenceRecordKey, loanHeadKey } from '../ledger-keys.js';

/** A record as a writer describes it; the chain writer adds position, link, submitter, transaction and time. */
export type RecordDraft = DistributiveOmit<EvidenceRecordBody, 'seq' | 'previous' | 'submitter' | 'txId' | 'time'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Index entry of a record: where on which chain it sits. */
export interface RecordLocation {
    readonly loanRef: string;
    readonly seq: number;
}

/**
 * Appends records to loan chains within one transaction. Fabric does not let a transaction read its own writes, so
 * each loan head is read from the ledger once and then advanced in memory; the heads are written once, by
 * {@link ChainWriter.flush}, when the transaction's records are all appended.
 */
export class ChainWriter {
    readonly #ctx: Context;
    readonly #caller: Caller;
    readonly #heads = new Map<string, LoanHead | undefined>();
    readonly #changed = new Map<string, LoanHead>();
    readonly #written = new Set<string>();

    constructor(ctx: Context, caller: Caller) {
        this.#ctx = ctx;
        this.#caller = caller;
    }

    /** The loan's head as this transaction sees it, or `undefined` for a loan without records. */
    async head(loanRef: string): Promise<LoanHead | undefined> {
        if (!this.#heads.has(loanRef)) {
            this.#heads.set(loanRef, await readJson<LoanHead>(this.#ctx, loanHeadKey(this.#ctx, loanRef)));
        }
        return this.#heads.get(loanRef);
    }

    /** True when this transaction already wrote a record with the identifier. */
    wrote(id: string): boolean {
        return this.#written.has(id);
    }

    /**
     * Checks that `previous` names the loan's last record (null for a loan without records).
     *
     * @throws {@link ChaincodeError} PREVIOUS_RECORD_UNKNOWN when no such record exists, CHAIN_HEAD_MISMATCH when it
     * exists but is not the last record of this loan.
     */
    async checkPrevious(loanRef: string, previous: string | null, path: string): Promise<void> {
        const expected = (await this.head(loanRef))?.head.id ?? null;
        if (previous === expected) {
            return;
        }
        const known =
            previous !== null &&
            (this.#written.has(previous) || (await exists(this.#ctx, evidenceIndexKey(this.#ctx, previous))));
        if (previous !== null && !known) {
            throw new ChaincodeError(EVIDENCE_ERRORS.PREVIOUS_RECORD_UNKNOWN, `${path}: no record ${previous} exists`, {
                field: path,
                previous,
            });
        }
        throw new ChaincodeError(
            EVIDENCE_ERRORS.CHAIN_HEAD_MISMATCH,
            `${path}: the last record of ${loanRef} is ${expected ?? 'none (empty chain)'}, not ${previous ?? 'none'}`,
            { field: path, loanRef, expected, previous },
        );
    }

    /** Appends a record after the loan's current head and writes it with its index entry. */
    async append(draft: RecordDraft): Promise<EvidenceRecord> {
        const ctx = this.#ctx;
        const current = await this.head(draft.loanRef);
        const time = txTime(ctx);
        const body = {
            ...draft,
            seq: (current?.length ?? 0) + 1,
            previous: current ? { id: current.head.id, linkHash: current.head.linkHash } : null,
            submitter: { mspId: this.#caller.mspId, subject: this.#caller.subject },
            txId: ctx.stub.getTxID(),
            time,
        } as EvidenceRecordBody;
        const record = { ...body, linkHash: evidenceLinkHash(body) } as EvidenceRecord;
        await writeJson(ctx, evidenceRecordKey(ctx, record.loanRef, record.seq), record);
        await writeJson(ctx, evidenceIndexKey(ctx, record.id), { loanRef: record.loanRef, seq: record.seq });
        this.#written.add(record.id);
        const next = advance(current, record);
        this.#heads.set(record.loanRef, next);
        this.#changed.set(record.loanRef, next);
        return record;
    }

    /** Writes every loan head this transaction advanced. */
    async flush(): Promise<void> {
        for (const [loanRef, head] of [...this.#changed].sort(([a], [b]) => (a < b ? -1 : 1))) {
            await writeJson(this.#ctx, loanHeadKey(this.#ctx, loanRef), head);
        }
        this.#changed.clear();
    }
}

/** The head after appending `record`: one more record, and the stage counts moved by what the record does. */
function advance(current: LoanHead | undefined, record: EvidenceRecord): LoanHead {
    const counts: Partial<Record<LifecycleStage, number>> = { ...current?.currentStages };
    const delta = (record.kind === 'WITHDRAWAL' ? 0 : 1) - (record.kind === 'REGISTRATION' ? 0 : 1);
    const count = (counts[record.stage] ?? 0) + delta;
    // An undefined member is left out of the stored JSON, so stages without current records disappear.
    counts[record.stage] = count > 0 ? count : undefined;
    const writers = new Set(current?.writers ?? []).add(record.submitter.mspId);
    return {
        loanRef: record.loanRef,
        length: record.seq,
        head: { id: record.id, seq: record.seq, linkHash: record.linkHash },
        currentStages: counts,
        writers: [...writers].sort(),
        openedAt: current?.openedAt ?? record.time,
        updatedAt: record.time,
    };
}
