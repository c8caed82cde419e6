import { type BenchRecord } from '../report/record.ts';
import { cpuMillisPerOperation, totalCpu, type GroupCpu } from './cpu.ts';

/** A benchmark's record with the CPU every process group used while it ran. */
export interface MeasuredRecord extends BenchRecord {
    /** CPU-seconds per group over the record's window. */
    readonly cpuSeconds: GroupCpu;
    /** CPU milliseconds per operation per group (over `operations`). */
    readonly cpuMillisPerOperation: GroupCpu;
}

/** How one benchmark's process ended. */
export interface BenchmarkRun {
    readonly name: string;
    readonly ok: boolean;
    readonly exitCode: number | null;
    readonly seconds: number;
    /** The log of its output, relative to the report's folder. */
    readonly log: string;
    readonly error?: string;
}

/** The REST path next to Caliper at one concurrency. */
export interface CaliperComparison {
    readonly concurrency: number;
    readonly rest: MeasuredRecord;
    readonly caliper: MeasuredRecord;
    /** REST throughput over Caliper's. */
    readonly throughputRatio: number;
}

/** Everything one run of `scripts/bench.sh` measured: results.json. */
export interface BenchReport {
    readonly startedAt: string;
    readonly instance: string;
    readonly mode: string;
    readonly machine: Readonly<{ cpus: number; node: string; ticksPerSecond: number }>;
    readonly runs: readonly BenchmarkRun[];
    readonly records: readonly MeasuredRecord[];
    readonly comparisons: readonly CaliperComparison[];
}

/** Attaches CPU per group to a record. */
export function measured(record: BenchRecord, cpuSeconds: GroupCpu): MeasuredRecord {
    return { ...record, cpuSeconds, cpuMillisPerOperation: cpuMillisPerOperation(cpuSeconds, record.operations) };
}

/**
 * Pairs the REST gateway's single writes (`rest-writes`) with Caliper's at the same concurrency: the comparison the
 * issue asks for. A concurrency only one of them measured is left out.
 */
export function caliperComparisons(records: readonly MeasuredRecord[]): CaliperComparison[] {
    const comparisons: CaliperComparison[] = [];
    for (const caliper of records.filter((r) => r.benchmark === 'caliper')) {
        const rest = records.find(
            (r) => r.benchmark === 'rest-writes' && r.path === 'rest' && r.concurrency === caliper.concurrency,
        );
        if (rest !== undefined && caliper.concurrency !== undefined) {
            comparisons.push({
                concurrency: caliper.concurrency,
                rest,
                caliper,
                throughputRatio: caliper.throughput > 0 ? rest.throughput / caliper.throughput : Number.NaN,
            });
        }
    }
    return comparisons.sort((a, b) => a.concurrency - b.concurrency);
}

function fixed(value: number | undefined, digits: number): string {
    return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** Throughput with sensible precision: one decimal below 100, none above. */
function rate(value: number | undefined): string {
    return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(value < 100 ? 1 : 0);
}

function cell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: readonly string[]): string {
    return `| ${cells.map(cell).join(' | ')} |`;
}

const COLUMNS = [
    'benchmark',
    'what',
    'path',
    'conc',
    'done',
    'fail',
    'ops/s',
    'items/s',
    'p50 ms',
    'p99 ms',
    'CPU ms/op peer',
    'orderer',
    'chaincode',
    'gateway',
    'client',
    'all',
];
/** The three text columns align left, every figure right. */
const ALIGN = COLUMNS.map((_, i) => (i < 3 ? '---' : '--:'));

function recordRow(r: MeasuredRecord): string {
    const cpu = r.cpuMillisPerOperation;
    const items = r.itemsPerOperation > 1 ? `${rate(r.throughput * r.itemsPerOperation)} ${r.itemUnit ?? ''}` : '';
    return row([
        r.benchmark,
        r.label,
        r.path,
        r.concurrency === undefined ? '' : String(r.concurrency),
        String(r.operations),
        String(r.failed),
        `${rate(r.throughput)} ${r.unit}`,
        items.trim(),
        fixed(r.p50, 0),
        fixed(r.p99, 0),
        fixed(cpu.peer, 1),
        fixed(cpu.orderer, 1),
        fixed(cpu.chaincode, 1),
        fixed(cpu.gateway, 1),
        fixed(cpu.client, 1),
        fixed(r.operations > 0 ? (totalCpu(r.cpuSeconds) * 1000) / r.operations : Number.NaN, 1),
    ]);
}

/** The report as markdown: the runs, every figure with CPU per operation by group, and the Caliper comparison. */
export function renderMarkdown(report: BenchReport): string {
    const lines = [
        `## Benchmarks: ${report.instance} network, ${report.mode} mode, ${report.startedAt}`,
        '',
        `${report.machine.cpus} CPUs, Node ${report.machine.node}. CPU per operation is the CPU-time each process group ` +
            'used during the figure\'s run (utime + stime from /proc) over the operations completed; "all" adds the ' +
            "notary's time-stamping authority. Figures of a shared machine: compare ratios within one run.",
        '',
        row(COLUMNS),
        `| ${ALIGN.join(' | ')} |`,
        ...report.records.map(recordRow),
    ];
    const notes = report.records.filter((r) => r.note !== undefined || r.firstError !== undefined);
    if (notes.length > 0) {
        lines.push('', 'Notes:', '');
        for (const r of notes) {
            const parts = [r.note, r.firstError === undefined ? undefined : `first error: ${r.firstError}`];
            lines.push(
                `- ${r.benchmark}, ${r.label}${r.concurrency === undefined ? '' : ` (c=${r.concurrency})`}: ${parts.filter((p) => p !== undefined).join('; ')}`,
            );
        }
    }
    if (report.comparisons.length > 0) {
        lines.push(
            '',
            '### REST gateway vs Hyperledger Caliper, single Evidence:Register (new loans), same network and run',
            '',
            row([
                'conc',
                'REST tx/s',
                'Caliper tx/s',
                'REST/Caliper',
                'REST p50/p99 ms',
                'Caliper p50/p99 ms',
                'CPU ms/tx REST (all)',
                'CPU ms/tx Caliper (all)',
            ]),
            '| --: | --: | --: | --: | --: | --: | --: | --: |',
            ...report.comparisons.map((c) =>
                row([
                    String(c.concurrency),
                    rate(c.rest.throughput),
                    rate(c.caliper.throughput),
                    `${fixed(c.throughputRatio * 100, 0)}%`,
                    `${fixed(c.rest.p50, 0)} / ${fixed(c.rest.p99, 0)}`,
                    `${fixed(c.caliper.p50, 0)} / ${fixed(c.caliper.p99, 0)}`,
                    fixed((totalCpu(c.rest.cpuSeconds) * 1000) / c.rest.operations, 1),
                    fixed((totalCpu(c.caliper.cpuSeconds) * 1000) / c.caliper.operations, 1),
                ]),
            ),
        );
    }
    const failed = report.runs.filter((run) => !run.ok);
    lines.push(
        '',
        `Benchmarks run: ${report.runs.map((run) => `${run.name} (${run.seconds.toFixed(0)} s${run.ok ? '' : ', FAILED'})`).join(', ')}.`,
    );
    for (const run of failed) {
        lines.push(`- ${run.name} failed (exit ${run.exitCode ?? 'signal'}): ${run.error ?? ''} — see ${run.log}`);
    }
    return `${lines.join('\n')}\n`;
}

/** results.json: NaN (an empty run's CPU per operation) becomes null, as JSON has no NaN. */
export function renderJson(report: BenchReport): string {
    return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
