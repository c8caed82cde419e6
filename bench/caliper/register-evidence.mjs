/**
 * Caliper workload module: each transaction registers the first evidence record of a new loan with
 * `Evidence:Register`, the request test/support/ledger-data.ts's identityVerification makes (the same one the REST
 * benchmark posts), so no two transactions touch the same keys. Caliper's own report gives only average latencies,
 * so the module times every transaction itself and writes them, with its first start and last end, to
 * `<outDir>/round-<round>-worker-<worker>.json` for bench/src/caliper/run-caliper.ts.
 *
 * It implements Caliper's workload interface without extending WorkloadModuleBase: Caliper lives in the user's cache,
 * outside this repository, so `@hyperledger/caliper-core` does not resolve from here. Caliper loads it with
 * require(), which loads an ES module on Node 24.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** Epoch milliseconds with sub-millisecond resolution, comparable with the runner's CPU samples. */
function now() {
    return performance.timeOrigin + performance.now();
}

class RegisterEvidenceWorkload {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter) {
        this.worker = workerIndex;
        this.round = roundIndex;
        this.args = roundArguments;
        this.sut = sutAdapter;
        // The repository's own request builder (TypeScript, run by Node's type stripping).
        this.ledgerData = await import(pathToFileURL(roundArguments.ledgerData).href);
        this.latencies = [];
        this.failed = 0;
        this.next = 0;
        this.startedAt = undefined;
        this.endedAt = undefined;
        this.firstError = undefined;
    }

    async submitTransaction() {
        const index = this.next++;
        const { identityVerification, loanRefOf } = this.ledgerData;
        const loanRef = loanRefOf(`caliper-${this.args.run}-${this.round}-${this.worker}-${index}`);
        const began = now();
        this.startedAt ??= began;
        const status = await this.sut.sendRequests({
            contractId: this.args.contractId,
            contractFunction: 'Evidence:Register',
            contractArguments: [JSON.stringify(identityVerification(loanRef))],
            invokerIdentity: this.args.identity,
            invokerMspId: this.args.mspId,
            readOnly: false,
        });
        const ended = now();
        this.endedAt = Math.max(this.endedAt ?? ended, ended);
        if (status.GetStatus() === 'success') {
            this.latencies.push(ended - began);
        } else {
            this.failed++;
            this.firstError ??= String(status.GetResult() || 'transaction failed (see the Caliper log)');
        }
        return status;
    }

    async cleanupWorkloadModule() {
        const file = join(this.args.outDir, `round-${this.round}-worker-${this.worker}.json`);
        writeFileSync(
            file,
            JSON.stringify({
                latencies: this.latencies,
                failed: this.failed,
                startedAt: this.startedAt,
                endedAt: this.endedAt,
                firstError: this.firstError,
            }),
        );
    }
}

/** Caliper's factory of a worker's workload module. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- plain JavaScript, loaded by Caliper
export function createWorkloadModule() {
    return new RegisterEvidenceWorkload();
}
