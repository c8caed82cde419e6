import { type TrustedTimestampAuthority } from '@lendledger/verifier';
import { createTsaCredentials, LENDLEDGER_TSA_POLICY, TimestampResponder } from '@lendledger/verifier/tsa';
import { TsaClient } from '../timestamps/tsa-client.js';

/** A time-stamping authority in the test process: the gateway's real client, answered without a socket. */
export interface TestTsa {
    readonly client: TsaClient;
    /** What a verifier trusts for it: its root. */
    readonly authority: TrustedTimestampAuthority;
    /** Time-stamp requests that reached it. */
    readonly requests: number;
    /** Time-stamp requests sent to it, whether or not it was available. */
    readonly attempts: number;
    /** False makes every request fail as an unreachable TSA would. */
    available: boolean;
}

/** A TSA for tests: a fresh root and time-stamping certificate, serving RFC 3161 replies through a fake fetch. */
export async function startTestTsa(name = 'Gateway Test TSA'): Promise<TestTsa> {
    const credentials = await createTsaCredentials({ organisation: 'Test', commonName: name });
    const responder = new TimestampResponder({
        privateKey: credentials.privateKey,
        certificatePem: credentials.certificatePem,
        policy: LENDLEDGER_TSA_POLICY,
        accuracySeconds: 1,
    });
    const authority = { name, certificates: [credentials.rootPem] };
    const state = { requests: 0, attempts: 0, available: true };
    const fakeFetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
        state.attempts++;
        if (!state.available) {
            throw new TypeError('fetch failed: connect ECONNREFUSED');
        }
        state.requests++;
        const reply = await responder.respond(new Uint8Array(init!.body as Uint8Array));
        return new Response(reply, { headers: { 'content-type': 'application/timestamp-reply' } });
    };
    const client = new TsaClient({
        url: 'http://tsa.test/',
        authority,
        timeoutMs: 5_000,
        fetch: fakeFetch as typeof fetch,
    });
    return {
        client,
        authority,
        get requests() {
            return state.requests;
        },
        get attempts() {
            return state.attempts;
        },
        get available() {
            return state.available;
        },
        set available(value: boolean) {
            state.available = value;
        },
    };
}
