import { describe, expect, it } from 'vitest';
import { type BenchRecord } from '../report/record.ts';
import { noCpu } from './cpu.ts';
import {
    caliperComparisons,
    measured,
    renderJson,
    renderMarkdown,
    type BenchReport,
    type MeasuredRecord,
} from './report.ts';

function record(fields: Partial<BenchRecord> & Pick<BenchRecord, 'benchmark' | 'label'>): BenchRecord {
    return {
        path: 'rest',
        operations: 1000,
        failed: 0,
        seconds: 10,
        throughput: 100,
        unit: 'tx',
        itemsPerOperation: 1,
        p50: 250.4,
        p99: 900.6,
        startedAt: 0,
        endedAt: 10_000,
        ...fields,
    };
}

const rest = measured(
    record({ benchmark: 'rest-writes', label: 'REST POST /v1/evidence', concurrency: 64, throughput: 110 }),
    {
        ...noCpu(),
        peer: 5,
        gateway: 2,
        client: 1,
    },
);
const caliper = measured(
    record({ benchmark: 'caliper', label: 'Caliper', path: 'caliper', concurrency: 64, throughput: 100 }),
    { ...noCpu(), peer: 5, client: 3 },
);
const batch = measured(
    record({
        benchmark: 'evidence-rates',
        label: 'Evidence:RegisterBatch (100/tx) | big',
        path: 'fabric-gateway',
        concurrency: 4,
        operations: 20,
        throughput: 2,
        itemsPerOperation: 100,
        itemUnit: 'records',
        note: 'a note',
    }),
    { ...noCpu(), peer: 1 },
);

function report(records: readonly MeasuredRecord[], ok = true): BenchReport {
    return {
        startedAt: '2026-12-05T00:00:00.000Z',
        instance: 'dev',
        mode: 'quick',
        machine: { cpus: 2, node: 'v24.21.0', ticksPerSecond: 100 },
        runs: [
            { name: 'rest-writes', ok: true, exitCode: 0, seconds: 20, log: 'logs/rest-writes.log' },
            {
                name: 'caliper',
                ok,
                exitCode: ok ? 0 : 1,
                seconds: 30,
                log: 'logs/caliper.log',
                ...(ok ? {} : { error: 'boom' }),
            },
        ],
        records,
        comparisons: caliperComparisons(records),
    };
}

describe('the benchmark report', () => {
    it('charges CPU per operation by group', () => {
        expect(rest.cpuMillisPerOperation.peer).toBeCloseTo(5);
        expect(rest.cpuMillisPerOperation.gateway).toBeCloseTo(2);
        expect(batch.cpuMillisPerOperation.peer).toBeCloseTo(50);
    });

    it('pairs the REST writes with Caliper at the same concurrency only', () => {
        const other = measured(
            record({ benchmark: 'caliper', label: 'Caliper', path: 'caliper', concurrency: 128 }),
            noCpu(),
        );
        const comparisons = caliperComparisons([rest, caliper, other, batch]);
        expect(comparisons).toHaveLength(1);
        expect(comparisons[0]).toMatchObject({ concurrency: 64, rest, caliper });
        expect(comparisons[0]!.throughputRatio).toBeCloseTo(1.1);
    });

    it('renders a markdown row per figure with throughput, items, percentiles and CPU per operation', () => {
        const markdown = renderMarkdown(report([rest, caliper, batch]));
        const lines = markdown.split('\n');
        const restRow = lines.find((l) => l.startsWith('| rest-writes |'))!;
        expect(restRow.split('|').map((c) => c.trim())).toEqual([
            '',
            'rest-writes',
            'REST POST /v1/evidence',
            'rest',
            '64',
            '1000',
            '0',
            '110 tx',
            '',
            '250',
            '901',
            '5.0',
            '0.0',
            '0.0',
            '2.0',
            '1.0',
            '8.0',
            '',
        ]);
        const batchRow = lines.find((l) => l.startsWith('| evidence-rates |'))!;
        // The pipe in the label is escaped, so the row keeps its columns; a batch shows items per second.
        expect(batchRow).toContain('Evidence:RegisterBatch (100/tx) \\| big');
        expect(batchRow).toContain('| 200 records |');
        expect(markdown).toContain('- evidence-rates, Evidence:RegisterBatch (100/tx) | big (c=4): a note');
        expect(markdown).toMatch(/REST gateway vs Hyperledger Caliper/);
        expect(lines.find((l) => l.startsWith('| 64 |'))).toBe(
            '| 64 | 110 | 100 | 110% | 250 / 901 | 250 / 901 | 8.0 | 8.0 |',
        );
    });

    it('leaves the comparison out without both sides, and names failed benchmarks with their logs', () => {
        const markdown = renderMarkdown(report([rest], false));
        expect(markdown).not.toMatch(/REST gateway vs Hyperledger Caliper/);
        expect(markdown).toContain('caliper (30 s, FAILED)');
        expect(markdown).toContain('- caliper failed (exit 1): boom — see logs/caliper.log');
    });

    it('writes JSON that parses back, with null for a CPU per operation of nothing completed', () => {
        const empty = measured(record({ benchmark: 'reads', label: 'x', operations: 0, throughput: 0 }), noCpu());
        const parsed = JSON.parse(renderJson(report([rest, empty]))) as BenchReport;
        expect(parsed.records[0]).toEqual(rest);
        expect(parsed.records[1]!.cpuMillisPerOperation.peer).toBeNull();
        expect(parsed.comparisons).toEqual([]);
    });
});
