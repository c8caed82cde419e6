import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT, topologyOf } from '@lendledger/network/topology.ts';
import { parseRecords } from '../report/record.ts';
import { cpuByGroup } from './cpu.ts';
import { ensureBenchAdmission } from './prepare.ts';
import { parseBenchOptions, USAGE, UsageError, type BenchOptions } from './options.ts';
import { BENCHMARKS, type BenchmarkEntry } from './registry.ts';
import {
    caliperComparisons,
    measured,
    renderJson,
    renderMarkdown,
    type BenchmarkRun,
    type BenchReport,
    type MeasuredRecord,
} from './report.ts';
import { CpuSampler, networkProcesses, ticksPerSecond, type NetworkProcess } from './sampler.ts';

/**
 * `scripts/bench.sh`: runs every selected benchmark (registry.ts) in turn against the running network, one process
 * each, sampling the CPU of the network's processes and of the benchmark's process tree meanwhile; then writes
 * results.json and results.md into `.data/bench/<timestamp>/` (or `--out`) and prints the table. It never starts
 * the network: measuring whatever runs keeps the figures honest about what they measured.
 */

function parse(): BenchOptions {
    try {
        return parseBenchOptions(process.argv.slice(2), BENCHMARKS);
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`${error.message}\n${USAGE}`);
            process.exit(2);
        }
        throw error;
    }
}

/** Runs one benchmark's script with its output to the terminal and to its log; resolves with its exit code. */
function runScript(entry: BenchmarkEntry, args: readonly string[], log: string, network: readonly NetworkProcess[]) {
    return new Promise<{ exitCode: number | null; sampler: CpuSampler }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', entry.script, ...args], {
            cwd: REPO_ROOT,
            env: process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        if (child.pid === undefined) {
            reject(new Error(`could not start ${entry.script}`));
            return;
        }
        const sampler = new CpuSampler(network, child.pid);
        const out = createWriteStream(log);
        const tee = (chunk: Buffer): void => {
            out.write(chunk);
            process.stdout.write(chunk);
        };
        child.stdout.on('data', tee);
        child.stderr.on('data', tee);
        child.once('error', reject);
        child.once('close', (exitCode) => {
            out.end();
            resolve({ exitCode, sampler });
        });
    });
}

function lastLines(file: string, count: number): string {
    return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join(' ⏎ ') : '';
}

const options = parse();
if (options.help) {
    console.log(USAGE);
    process.exit(0);
}
if (options.list) {
    for (const entry of BENCHMARKS) {
        console.log(`${entry.name.padEnd(18)} ${entry.optIn ? '(opt-in) ' : ''}${entry.summary}`);
    }
    process.exit(0);
}

const topology = topologyOf(options.instance);
const { running, missing } = networkProcesses(topology);
if (options.selected.some((entry) => entry.needsNetwork) && missing.length > 0) {
    console.error(
        `The "${options.instance}" network is not running (${missing.length} of its processes are not: ` +
            `${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}).\n` +
            (options.instance === 'dev'
                ? 'Start it with ./scripts/start.sh, then run scripts/bench.sh again.'
                : `Start it with: node network/src/cli.ts up --instance ${options.instance}`),
    );
    process.exit(3);
}

if (options.selected.some((entry) => entry.needsNetwork) && (await ensureBenchAdmission(topology))) {
    console.log(`BankMSP admitted PlatformMSP for the benchmarks' loans (the ${options.instance} topology does not)`);
}

const startedAt = new Date();
const outDir = options.outDir ?? join(REPO_ROOT, '.data', 'bench', startedAt.toISOString().replace(/[:.]/g, '-'));
mkdirSync(join(outDir, 'raw'), { recursive: true });
mkdirSync(join(outDir, 'logs'), { recursive: true });
const hz = ticksPerSecond();
const runs: BenchmarkRun[] = [];
const records: MeasuredRecord[] = [];
console.log(
    `Running ${options.selected.map((e) => e.name).join(', ')} against the ${options.instance} network ` +
        `(${options.mode} mode); results in ${relative(process.cwd(), outDir) || '.'}`,
);

for (const entry of options.selected) {
    const json = join(outDir, 'raw', `${entry.name}.jsonl`);
    const log = join(outDir, 'logs', `${entry.name}.log`);
    const args = [
        ...(entry.takesInstance === false ? [] : ['--instance', options.instance]),
        ...entry.args[options.mode],
        '--json',
        json,
    ];
    console.log(`\n==> ${entry.name}: ${entry.summary}\n    node ${entry.script} ${args.join(' ')}`);
    const began = performance.now();
    const { exitCode, sampler } = await runScript(entry, args, log, running);
    const samples = sampler.stop();
    const seconds = (performance.now() - began) / 1000;
    const found = existsSync(json) ? parseRecords(readFileSync(json, 'utf8')) : [];
    for (const record of found) {
        records.push(
            measured({ ...record, benchmark: entry.name }, cpuByGroup(samples, record.startedAt, record.endedAt, hz)),
        );
    }
    // A benchmark whose every operation failed measured nothing, though it ran to the end.
    const ok = exitCode === 0 && found.some((record) => record.operations > 0);
    runs.push({
        name: entry.name,
        ok,
        exitCode,
        seconds,
        log: relative(outDir, log),
        ...(ok ? {} : { error: found.length === 0 ? `no figures; ${lastLines(log, 3)}` : 'no operation completed' }),
    });
}

const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    instance: options.instance,
    mode: options.mode,
    machine: { cpus: availableParallelism(), node: process.version, ticksPerSecond: hz },
    runs,
    records,
    comparisons: caliperComparisons(records),
};
const markdown = renderMarkdown(report);
writeFileSync(join(outDir, 'results.json'), renderJson(report));
writeFileSync(join(outDir, 'results.md'), markdown);
console.log(`\n${markdown}`);
console.log(`Written: ${join(outDir, 'results.json')} and results.md beside it (logs in logs/).`);
if (runs.some((run) => !run.ok)) {
    process.exitCode = 1;
}
