import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PoolRoot, type PoolRootAnchor, type PoolRootConsistency, toHex } from '@lendledger/domain';
import { consistencyProof, leafHash, merkleRoot } from '@lendledger/domain/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyPoolRootConsistency } from './verify-pool-root.js';

const DEAL = 'DEAL-2026-1';
const CLI = fileURLToPath(new URL('../../dist/cli/verify-pool-root.js', import.meta.url));
const leaves = Array.from({ length: 300 }, (_, i) => new TextEncoder().encode(`loan ${i}`));
const hashes = leaves.map(leafHash);

/** The chaincode's answer and the reader's trusted roots for pools of m and n loans at periods p ≤ q. */
function caseOf(m: number, n: number, p: number, q: number): { answer: PoolRootConsistency; anchor: PoolRootAnchor } {
    const rootAt = (periodNo: number, size: number): PoolRoot => ({
        periodNo,
        size,
        root: toHex(merkleRoot(leaves.slice(0, size))),
    });
    const from = rootAt(p, m);
    const to = rootAt(q, n);
    const proof = consistencyProof(hashes.slice(0, n), m).map(toHex);
    return { answer: { dealId: DEAL, from, to, proof }, anchor: { dealId: DEAL, from, to } };
}

const cases = fc
    .record({ n: fc.integer({ min: 0, max: 300 }), p: fc.integer({ min: 0, max: 40 }), gap: fc.nat({ max: 5 }) })
    .chain(({ n, p, gap }) =>
        fc.integer({ min: 0, max: n }).map((m) => caseOf(m, n, p, p + (m === n ? gap : gap + 1))),
    );

/** Every number of an answer, by path: the proof's hashes and both roots' period, size and root. */
type NumberAt = {
    readonly path: string;
    readonly rewrite: (a: PoolRootConsistency, to: number) => PoolRootConsistency;
};
function numbersOf(answer: PoolRootConsistency): NumberAt[] {
    const flip = (hex: string, at: number): string => {
        const i = at % hex.length;
        return hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
    };
    const sides = (['from', 'to'] as const).flatMap((side): NumberAt[] => [
        { path: `${side}.periodNo`, rewrite: (a, v) => ({ ...a, [side]: { ...a[side], periodNo: v } }) },
        { path: `${side}.size`, rewrite: (a, v) => ({ ...a, [side]: { ...a[side], size: v } }) },
        { path: `${side}.root`, rewrite: (a, v) => ({ ...a, [side]: { ...a[side], root: flip(a[side].root, v) } }) },
    ]);
    const proof = answer.proof.map((_, k): NumberAt => ({
        path: `proof[${k}]`,
        rewrite: (a, v) => ({ ...a, proof: a.proof.map((hash, i) => (i === k ? flip(hash, v) : hash)) }),
    }));
    return [...sides, ...proof];
}

describe('verifyPoolRootConsistency', () => {
    it('passes the proof between any two pool roots up to 300 loans', () => {
        fc.assert(
            fc.property(cases, ({ answer, anchor }) => {
                expect(verifyPoolRootConsistency(answer, anchor)).toEqual({ ok: true, failures: [] });
            }),
        );
    });

    it('fails when any single hash, size or period of the answer is rewritten', () => {
        fc.assert(
            fc.property(cases, fc.nat(), fc.nat({ max: 400 }), ({ answer, anchor }, which, value) => {
                const numbers = numbersOf(answer);
                const { path, rewrite } = numbers[which % numbers.length]!;
                const tampered = rewrite(answer, value);
                fc.pre(JSON.stringify(tampered) !== JSON.stringify(answer));
                const result = verifyPoolRootConsistency(tampered, anchor);
                expect(result.ok, path).toBe(false);
            }),
        );
    });

    it('fails when the trusted roots differ from the proof in a size, even where the hashes alone would pass', () => {
        // From 2 loans to 3 and from 2 to 4 take a proof of one right-hand hash: RFC 9162 alone cannot tell them apart.
        const { answer } = caseOf(2, 3, 1, 2);
        const lying = { ...answer, to: { ...answer.to, size: 4 } };
        expect(verifyPoolRootConsistency(lying, { dealId: DEAL, from: answer.from, to: lying.to }).ok).toBe(true);
        expect(
            verifyPoolRootConsistency(lying, { dealId: DEAL, from: answer.from, to: answer.to }).failures,
        ).toMatchObject([{ code: 'POOL_ROOT_ANCHOR' }]);
    });

    it('fails a proof with a hash added or dropped, another deal, periods reversed, or a malformed answer', () => {
        const { answer, anchor } = caseOf(5, 77, 1, 3);
        const verify = (a: unknown, b: PoolRootAnchor = anchor): string | undefined =>
            verifyPoolRootConsistency(a as PoolRootConsistency, b).failures[0]?.code;
        expect(verify({ ...answer, proof: [...answer.proof, answer.proof[0]] })).toBe('POOL_ROOT_PROOF');
        expect(verify({ ...answer, proof: answer.proof.slice(1) })).toBe('POOL_ROOT_PROOF');
        expect(verify({ ...answer, dealId: 'DEAL-OTHER' })).toBe('POOL_ROOT_ANCHOR');
        const reversed = { dealId: DEAL, from: { ...answer.from, periodNo: 4 }, to: answer.to };
        expect(verify({ ...answer, ...reversed }, reversed)).toBe('POOL_ROOT_ANCHOR');
        expect(verify({ ...answer, proof: ['xyz'] })).toBe('POOL_ROOT_SHAPE');
        expect(verify(null)).toBe('POOL_ROOT_SHAPE');
    });

    it('lendledger-verify-pool-root exits 0 for a good proof, 1 for a rewritten one, 2 without trusted roots', () => {
        const { answer, anchor } = caseOf(100, 260, 2, 5);
        const dir = mkdtempSync(join(tmpdir(), 'verify-pool-root-'));
        const write = (name: string, value: unknown): string => {
            const path = join(dir, name);
            writeFileSync(path, JSON.stringify(value));
            return path;
        };
        const good = write('good.json', answer);
        const bad = write('bad.json', { ...answer, proof: [...answer.proof].reverse() });
        const from = write('from.json', { dealId: DEAL, ...anchor.from });
        const to = write('to.json', { dealId: DEAL, ...anchor.to });
        const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
        const passed = run(good, '--from', from, '--to', to);
        expect(passed.status).toBe(0);
        expect(passed.stdout).toMatch(/pool of 260 loans at period 5 extends the pool of 100 loans at period 2/);
        expect(run(bad, '--from', from, '--to', to).status).toBe(1);
        expect(run(good, '--from', from).status).toBe(2);
    });
});
