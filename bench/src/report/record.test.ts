import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoadResult } from '../load.ts';
import { parseRecords, Recorder } from './record.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function file(): string {
    const dir = mkdtempSync(join(tmpdir(), 'bench-record-'));
    dirs.push(dir);
    return join(dir, 'out.jsonl');
}

const load: LoadResult = {
    label: 'Evidence:RegisterBatch (100/tx)',
    concurrency: 4,
    completed: 40,
    failed: 2,
    seconds: 10,
    throughput: 4,
    p50: 900,
    p95: 1500,
    p99: 2000,
    startedAt: 1000,
    endedAt: 11_000,
    firstError: 'MVCC_READ_CONFLICT',
};

describe('benchmark records', () => {
    it('appends one JSON line per record, named by the benchmark, that parse back', () => {
        const path = file();
        const recorder = new Recorder('evidence-rates', path);
        recorder.load(load, { path: 'fabric-gateway', itemsPerOperation: 100, itemUnit: 'records' });
        recorder.record({
            label: 'offline',
            path: 'offline',
            operations: 5,
            failed: 0,
            seconds: 1,
            throughput: 5,
            unit: 'receipt',
            itemsPerOperation: 1,
            startedAt: 0,
            endedAt: 1000,
        });
        const records = parseRecords(readFileSync(path, 'utf8'));
        expect(records).toEqual([
            {
                benchmark: 'evidence-rates',
                label: 'Evidence:RegisterBatch (100/tx)',
                path: 'fabric-gateway',
                concurrency: 4,
                operations: 40,
                failed: 2,
                seconds: 10,
                throughput: 4,
                unit: 'tx',
                itemsPerOperation: 100,
                itemUnit: 'records',
                p50: 900,
                p99: 2000,
                startedAt: 1000,
                endedAt: 11_000,
                firstError: 'MVCC_READ_CONFLICT',
            },
            expect.objectContaining({ benchmark: 'evidence-rates', label: 'offline', unit: 'receipt' }),
        ]);
    });

    it('leaves out percentiles of a run that completed nothing', () => {
        const path = file();
        new Recorder('x', path).load(
            { ...load, completed: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN },
            { path: 'rest' },
        );
        const [only] = parseRecords(readFileSync(path, 'utf8'));
        expect(only).not.toHaveProperty('p50');
        expect(only).not.toHaveProperty('p99');
    });

    it('writes nothing without a file', () => {
        expect(() => new Recorder('x', undefined).load(load, { path: 'rest' })).not.toThrow();
    });
});
