import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { consistencyToken, gatewayAs, type GatewayClient } from '../../test/support/gateway-client.ts';
import { loanRefOf } from '../../test/support/ledger-data.ts';
import { uniqueName } from '../../test/support/test-network.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';
import { writeLoanChain } from './loan-chain.ts';
import { Recorder } from './report/record.ts';

/**
 * Read paths through the REST gateway on a running network: a loan's whole chain (`GET /v1/loans/{loanRef}/chain`),
 * an evidence record's receipt (`GET /v1/evidence/{fingerprint}/receipt`) and a fingerprint look-up
 * (`GET /v1/verify/{fingerprint}`), each at `concurrency` clients for `seconds`, on `loans` fresh loans of `records`
 * records each (the platform's identity check, then the bank's statements) written first. Reads go to the bank's
 * gateway, a party of every loan. Prints figures; asserts nothing.
 *   node bench/src/reads.ts --instance dev [--loans 64] [--records 3] [--concurrency 32] [--seconds 10] [--json FILE]
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        loans: { type: 'string', default: '64' },
        records: { type: 'string', default: '3' },
        concurrency: { type: 'string', default: '32' },
        seconds: { type: 'string', default: '10' },
        json: { type: 'string' },
    },
});
const loanCount = Number(values.loans);
const recordsPerLoan = Number(values.records);
const concurrency = Number(values.concurrency);
const millis = Number(values.seconds) * 1000;
const recorder = new Recorder('reads', values.json);

const network = new LocalNetwork(topologyOf(values.instance), () => undefined);
const platform = await gatewayAs(network, 'platform');
const bank = await gatewayAs(network, 'bank', 'User1', ['submitter', 'auditor']);

interface Loan {
    readonly loanRef: string;
    readonly fingerprints: readonly string[];
}

/** Writes one loan's chain, record after record (each names the previous head). */
async function writeLoan(index: number): Promise<Loan> {
    const loanRef = loanRefOf(uniqueName(`bench-reads-loan-${index}`));
    const fingerprints = await writeLoanChain(platform, bank, loanRef, recordsPerLoan);
    return { loanRef, fingerprints };
}

const loans: Loan[] = [];
for (let next = 0; next < loanCount;) {
    const wave = Array.from({ length: Math.min(32, loanCount - next) }, () => writeLoan(next++));
    loans.push(...(await Promise.all(wave)));
}
const fingerprints = loans.flatMap((loan) => loan.fingerprints);
console.log(`${loans.length} loans of ${recordsPerLoan} records written; reading at the bank's gateway`);

function pick<T>(items: readonly T[]): T {
    return items[Math.floor(Math.random() * items.length)]!;
}

/** One GET at the client's gateway; anything but 200 fails the operation. */
async function get(client: GatewayClient, path: string): Promise<void> {
    const response = await fetch(`${client.baseUrl}${path}`, {
        headers: { authorization: client.authorization, 'ledger-min-block': String(consistencyToken() ?? 0) },
        signal: AbortSignal.timeout(60_000),
    });
    if (response.status !== 200) {
        throw new Error(`GET ${path}: HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
    await response.arrayBuffer();
}

const reads: readonly [string, () => string][] = [
    [`GET /v1/loans/{loanRef}/chain (${recordsPerLoan} records)`, () => `/v1/loans/${pick(loans).loanRef}/chain`],
    ['GET /v1/evidence/{fingerprint}/receipt', () => `/v1/evidence/${pick(fingerprints)}/receipt`],
    ['GET /v1/verify/{fingerprint}', () => `/v1/verify/${pick(fingerprints)}`],
];
const results: LoadResult[] = [];
for (const [label, path] of reads) {
    const result = await runLoad(label, concurrency, millis, () => get(bank, path()));
    results.push(result);
    recorder.load(result, { path: 'rest', unit: 'request' });
}
printResults(results);
