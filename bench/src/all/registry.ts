/**
 * The benchmarks `scripts/bench.sh` runs, in order. Each is a script of bench/src that takes `--instance` and
 * `--json FILE` (report/record.ts); an entry names it and its arguments for the quick and the default mode. Adding a
 * benchmark is adding an entry.
 */

/** How long a run may take: `quick` about two minutes, `default` about ten. */
export type Mode = 'quick' | 'default';

export interface BenchmarkEntry {
    /** The name options select it by; also the `benchmark` of its records. */
    readonly name: string;
    readonly summary: string;
    /** The script, relative to the repository root. */
    readonly script: string;
    /** Arguments besides `--instance` and `--json`. */
    readonly args: Readonly<Record<Mode, readonly string[]>>;
    /** Whether it needs the running network (every one but the offline receipt verification does). */
    readonly needsNetwork: boolean;
    /** Run only when asked for by `--with` or `--only` (e.g. it starts networks of its own). */
    readonly optIn?: boolean;
    /** Passes `--instance` (false for scripts that start their own networks or need none). */
    readonly takesInstance?: boolean;
}

/** The single-write concurrencies the REST path and Caliper are compared at. */
export const COMPARED_CONCURRENCY: Readonly<Record<Mode, string>> = { quick: '64', default: '64,128,256' };

export const BENCHMARKS: readonly BenchmarkEntry[] = [
    {
        name: 'evidence-rates',
        summary: 'bare fabric-gateway client: Evidence:Register, RegisterBatch (records/s), Anchor:Create',
        script: 'bench/src/evidence-rates.ts',
        args: {
            quick: ['--seconds', '4', '--concurrency', '16', '--batch', '100', '--anchor', '10000'],
            default: ['--seconds', '10', '--concurrency', '16', '--batch', '100', '--anchor', '10000'],
        },
        needsNetwork: true,
    },
    {
        name: 'gateway-vs-bare',
        summary: 'single Evidence:Register through the REST gateway next to a bare fabric-gateway client',
        script: 'bench/src/gateway-vs-bare.ts',
        args: {
            quick: ['--concurrency', '8', '--seconds', '4'],
            default: ['--concurrency', '1,8,32', '--seconds', '10'],
        },
        needsNetwork: true,
    },
    {
        name: 'rest-writes',
        summary: 'single POST /v1/evidence (new loans) at high concurrency, the load Caliper is compared at',
        script: 'bench/src/gateway-vs-bare.ts',
        args: {
            quick: ['--paths', 'rest', '--concurrency', COMPARED_CONCURRENCY.quick, '--seconds', '6'],
            default: ['--paths', 'rest', '--concurrency', COMPARED_CONCURRENCY.default, '--seconds', '15'],
        },
        needsNetwork: true,
    },
    {
        name: 'coalescing-curve',
        summary: 'single POST /v1/evidence through extra gateways coalescing with windows off, 5, 20 and 50 ms',
        script: 'bench/src/coalescing-curve.ts',
        args: {
            quick: ['--windows', '0,20', '--concurrency', COMPARED_CONCURRENCY.quick, '--seconds', '5'],
            default: ['--windows', '0,5,20,50', '--concurrency', COMPARED_CONCURRENCY.default, '--seconds', '10'],
        },
        needsNetwork: true,
    },
    {
        name: 'caliper',
        summary: 'Hyperledger Caliper (fabric:fabric-gateway) driving Evidence:Register on the same network',
        script: 'bench/src/caliper/run-caliper.ts',
        args: {
            quick: ['--concurrency', COMPARED_CONCURRENCY.quick, '--seconds', '6'],
            default: ['--concurrency', COMPARED_CONCURRENCY.default, '--seconds', '15'],
        },
        needsNetwork: true,
    },
    {
        name: 'reads',
        summary: 'chain read, evidence receipt and fingerprint look-up through the REST gateway',
        script: 'bench/src/reads.ts',
        args: {
            quick: ['--loans', '32', '--concurrency', '32', '--seconds', '4'],
            default: ['--loans', '64', '--concurrency', '32', '--seconds', '10'],
        },
        needsNetwork: true,
    },
    {
        name: 'sealed-anchors',
        summary: 'POST /v1/anchors/sealed (fingerprints/s) and sampled receipts verified offline',
        script: 'bench/src/sealed-anchors.ts',
        args: {
            quick: ['--batch', '50000', '--requests', '4', '--concurrency', '2', '--sample', '50'],
            default: ['--batch', '100000', '--requests', '10', '--concurrency', '2', '--sample', '200'],
        },
        needsNetwork: true,
    },
    {
        name: 'case-package',
        summary: 'GET /v1/cases/{id}/package at two gateways, verifyPackage, receipts per CPU-second',
        script: 'bench/src/case-package.ts',
        args: {
            quick: ['--items', '20', '--direct', '4', '--runs', '2', '--verifications', '1000'],
            default: ['--items', '50', '--direct', '10', '--runs', '3', '--verifications', '4000'],
        },
        needsNetwork: true,
    },
    {
        name: 'verify-receipts',
        summary: 'offline receipt verification (one core), receipts of distinct transactions',
        script: 'bench/src/verify-receipts.ts',
        args: {
            quick: ['--count', '2000'],
            default: ['--count', '10000'],
        },
        needsNetwork: false,
        takesInstance: false,
    },
    {
        name: 'consensus-compare',
        summary: 'starts a Raft and a BFT network of its own (stop the dev network first); start-up and writes',
        script: 'bench/src/consensus-compare.ts',
        args: {
            quick: ['--concurrency', '1,32', '--seconds', '5'],
            default: ['--concurrency', '1,32,64', '--seconds', '15'],
        },
        needsNetwork: false,
        optIn: true,
        takesInstance: false,
    },
];
