import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Receipt, type VerificationResult } from '@lendledger/verifier/verify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factsOf } from './findings.ts';
import { LOOKED_UP_CHECK, withLookedUpFingerprint } from './looked-up.ts';
import { establishRoots } from './roots-in-use.ts';
import { verifyReceiptIn } from './run-verification.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures');
const ROOTS_TEXT = readFileSync(join(FIXTURES, 'roots.json'), 'utf8');
const direct = JSON.parse(readFileSync(join(FIXTURES, 'receipt-direct.json'), 'utf8')) as Receipt;

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const fingerprint = fc.oneof(
    hex64.map((hex) => `sha256:${hex}`),
    hex64.map((hex) => `sm3:${hex}`),
    fc.string(),
);

describe('tying the receipt to the fingerprint looked up', () => {
    it('fails the verdict, naming the check, for a genuine receipt served for another fingerprint', async () => {
        const roots = await establishRoots(ROOTS_TEXT, 'gateway');
        const other = `sha256:${'0'.repeat(63)}1`;
        const swapped = await verifyReceiptIn(JSON.stringify(direct), direct, roots, undefined, other);
        // The receipt itself is genuine: every check of the verifier passes.
        expect(swapped.result.checks.filter((c) => c.name !== LOOKED_UP_CHECK && c.status === 'fail')).toEqual([]);
        expect(swapped.facts.ok).toBe(false);
        expect(swapped.facts.failed.map((check) => check.name)).toEqual([LOOKED_UP_CHECK]);
        expect(swapped.facts.findings.every((finding) => !finding.established)).toBe(true);
        expect(swapped.lookedUpFingerprint).toBe(other);

        const same = await verifyReceiptIn(JSON.stringify(direct), direct, roots, undefined, direct.fingerprint);
        expect(same.facts.ok).toBe(true);
        expect(same.result.checks.find((check) => check.name === LOOKED_UP_CHECK)?.status).toBe('pass');
    });

    it('never shows as verified a receipt whose fingerprint differs from the one looked up, whatever the verifier said', () => {
        fc.assert(
            fc.property(
                fc.record({ ok: fc.boolean(), fingerprint: fc.option(fingerprint, { nil: undefined }) }),
                fingerprint,
                (verified, expected) => {
                    fc.pre(verified.fingerprint !== expected);
                    const result = { ...verified, transactionId: undefined, checks: [] } as VerificationResult;
                    const shown = withLookedUpFingerprint(result, expected);
                    expect(shown.ok).toBe(false);
                    expect(factsOf({}, shown).ok).toBe(false);
                    expect(shown.checks[0]).toMatchObject({ name: LOOKED_UP_CHECK, status: 'fail' });
                },
            ),
        );
    });

    it('keeps the verifier verdict when the fingerprints are equal, and adds no check when nothing was looked up', () => {
        fc.assert(
            fc.property(fc.boolean(), fingerprint, (ok, value) => {
                const result = { ok, fingerprint: value, transactionId: undefined, checks: [] } as VerificationResult;
                expect(withLookedUpFingerprint(result, value).ok).toBe(ok);
                expect(withLookedUpFingerprint(result, undefined)).toBe(result);
            }),
        );
    });
});
