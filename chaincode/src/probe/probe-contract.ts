import { COMMON_ERRORS, PROBE_EVENTS, PROBE_NAME_PATTERN, PROBE_VALUE_PATTERN } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../core/ledger-contract.js';
import { emitEvent, readRequired, result, txTime, writeJson } from '../core/ledger-state.js';
import { text } from '../core/request-fields.js';
import { requireMember } from '../membership/member-access.js';

/** A probe record: proves that a member can write through endorsement and ordering and read it back. */
export interface ProbeRecord {
    readonly name: string;
    readonly value: string;
    readonly mspId: string;
    readonly subject: string;
    readonly txId: string;
    readonly time: string;
}

/**
 * Operations probe: any member organisation writes a small named value and reads it back. Used to check that the
 * network endorses, orders and commits end to end; it holds no business data.
 */
@Info({ title: 'Probe', description: 'Liveness probe of the ledger path for operators' })
export class ProbeContract extends LedgerContract {
    constructor() {
        super('Probe');
    }

    /**
     * Writes a probe value under a name (overwriting an earlier probe of the same name). Both are identifiers under
     * the ledger's identifier rule, never free text: every member's peer keeps the block for good.
     */
    @Transaction()
    @Returns('string')
    async Put(ctx: Context, name: string, value: string): Promise<string> {
        const caller = await requireMember(ctx, 'write a probe');
        const args = { name, value };
        text(args, 'name', { pattern: PROBE_NAME_PATTERN, max: 64 });
        text(args, 'value', { pattern: PROBE_VALUE_PATTERN, max: 64 });
        const record: ProbeRecord = {
            name,
            value,
            mspId: caller.mspId,
            subject: caller.subject,
            txId: ctx.stub.getTxID(),
            time: txTime(ctx),
        };
        await writeJson(ctx, probeKey(ctx, name), record);
        emitEvent(ctx, PROBE_EVENTS.written, { name, mspId: caller.mspId, txId: record.txId });
        return result(record);
    }

    /** Reads a probe value. */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context, name: string): Promise<string> {
        await requireMember(ctx, 'read a probe');
        // Checked like Put's name: an empty one would make the shim's composite key throw an uncoded error.
        text({ name }, 'name', { pattern: PROBE_NAME_PATTERN, max: 64 });
        const record = await readRequired<ProbeRecord>(
            ctx,
            probeKey(ctx, name),
            `probe ${name}`,
            COMMON_ERRORS.NOT_FOUND,
            {
                name,
            },
        );
        return result(record);
    }
}

function probeKey(ctx: Context, name: string): string {
    return ctx.stub.createCompositeKey('probe', [name]);
}
