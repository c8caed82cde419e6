import { PROBE_NAME_PATTERN, PROBE_VALUE_PATTERN } from '@lendledger/domain';
import { Type } from 'typebox';
import { ledgerRoute, type LedgerRoute } from '../ledger-route.js';
import { closed, IsoTime } from '../schemas/common.js';

/** The probe takes identifiers only, never free text: every member's peer keeps what it writes. */
const ProbeName = closed({ name: Type.String({ pattern: PROBE_NAME_PATTERN.source, maxLength: 64 }) });

const ProbeRecord = Type.Object(
    {
        name: Type.String(),
        value: Type.String(),
        mspId: Type.String(),
        subject: Type.String(),
        txId: Type.String(),
        time: IsoTime,
    },
    { additionalProperties: true },
);

/** The operations probe: a member writes a small named value and reads it back (`Probe:Put(name, value)`). */
export const PROBE_ROUTES: readonly LedgerRoute[] = [
    ledgerRoute({
        method: 'PUT',
        url: '/v1/probes/:name',
        operationId: 'putProbe',
        summary: 'Write a probe value',
        tags: ['probe'],
        transaction: 'Probe:Put',
        mode: 'submit',
        schema: {
            params: ProbeName,
            body: closed({ value: Type.String({ pattern: PROBE_VALUE_PATTERN.source, maxLength: 64 }) }),
            result: ProbeRecord,
        },
        call: ({ params, body }) => ({ args: [params.name, body.value] }),
    }),
    ledgerRoute({
        method: 'GET',
        url: '/v1/probes/:name',
        operationId: 'getProbe',
        summary: 'Read a probe value',
        tags: ['probe'],
        transaction: 'Probe:Get',
        mode: 'evaluate',
        schema: { params: ProbeName, result: ProbeRecord },
        call: ({ params }) => ({ args: [params.name] }),
    }),
];
