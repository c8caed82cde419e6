import { type AbsEventName, type AbsEventPayloads } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { emitEvent } from '../core/ledger-state.js';

/** Sets the transaction's ABS event; the name decides the payload's type, so a payload cannot drift from its name. */
export function emitAbsEvent<N extends AbsEventName>(ctx: Context, name: N, payload: AbsEventPayloads[N]): void {
    emitEvent(ctx, name, payload);
}
