import { readFileSync } from 'node:fs';
import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { organisationsOf } from '../roots/roots-bundle.js';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import { verifyReceipt } from '../verify-receipt.js';
import { buildReportPayload, type ReportEntry, type ReportMeta } from './build-report-payload.js';
import { ReportBuildError } from './report-build-error.js';
import { VERIFIER_VERSION } from './verifier-version.js';

const roots = fixtureRoots();
const META: ReportMeta = {
    reportId: 'NR-2026-0001',
    issuedAt: '2026-11-23T09:00:00Z',
    caseId: 'CASE-42',
    issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
    roots,
};

async function entry(receipt: unknown): Promise<ReportEntry> {
    return { result: await verifyReceipt(receipt, { roots }), receipt };
}

describe('buildReportPayload', () => {
    it('answers the four court questions for each verified fixture receipt', async () => {
        const recorded = fixtureReceipt('direct');
        const payload = buildReportPayload([await entry(recorded), await entry(fixtureReceipt('anchored'))], META);

        expect(payload).toMatchObject({
            format: 'lendledger-notary-report/1',
            reportId: 'NR-2026-0001',
            issuedAt: '2026-11-23T09:00:00.000Z',
            caseId: 'CASE-42',
            issuer: { mspId: 'NotaryMSP', subject: META.issuer.subject },
            verdict: 'verified',
            counts: { items: 2, verified: 2, notVerified: 0 },
        });
        const [direct, anchored] = payload.items;
        expect(direct!.creation).toMatchObject({
            verdict: 'established',
            writtenBy: { mspId: 'PlatformMSP', role: 'client' },
            time: recorded.summary.time,
            blockNumber: recorded.block.number,
            channel: 'lending',
            chaincode: 'lendledger',
        });
        expect(direct!.integrity).toMatchObject({
            verdict: 'established',
            fingerprint: direct!.fingerprint,
            written: { key: recorded.summary.key, member: 'fingerprint' },
            anchor: null,
            documentPresented: false,
        });
        // Which two organisations endorsed depends on the recording run; the report names the receipt's own.
        expect(direct!.witnesses.endorsedBy.map((e) => e.mspId)).toEqual(
            recorded.summary.endorsedBy.map((e) => e.mspId),
        );
        expect(direct!.witnesses.endorsedBy).toHaveLength(2);
        // A BFT block names the quorum of consenters who signed it (at least 3 of 4), as the receipt's summary does.
        expect(direct!.witnesses.orderedBy).toEqual(recorded.summary.orderedBy);
        expect(direct!.witnesses.orderedBy.length).toBeGreaterThanOrEqual(3);
        expect(direct!.method).toMatchObject({ verdict: 'established', receiptFormat: 'lendledger-receipt/2' });
        expect(anchored!.integrity.anchor).toMatchObject({ index: 2, treeSize: 5 });
        expect(anchored!.integrity.checks.find((c) => c.id === 'inclusion-proof')?.status).toBe('pass');
    });

    it('lists every consortium root with its SHA-256 and the verifier version', async () => {
        const payload = buildReportPayload([await entry(fixtureReceipt('direct'))], META);

        expect(payload.method.verifierVersion).toBe(VERIFIER_VERSION);
        // One anchor per certificate of the bundle, sorted by MSP; the BFT bundle has no ordering organisation.
        const certificates = organisationsOf(roots).flatMap((o) => [...o.roots, ...o.intermediates].map(() => o.mspId));
        expect(payload.method.trustAnchors.map((a) => a.mspId)).toEqual(certificates.sort());
        expect(new Set(certificates)).toEqual(
            new Set(['BankMSP', 'CourtMSP', 'InvestorMSP', 'NotaryMSP', 'PlatformMSP']),
        );
        for (const anchor of payload.method.trustAnchors) {
            expect(anchor.sha256).toMatch(/^[0-9a-f]{64}$/);
            expect(anchor.subject).toContain(`ca.${anchor.mspId.replace('MSP', '').toLowerCase()}.`);
        }
        expect(payload.method.algorithms.map((a) => a.name)).toContain('ECDSA P-256 with SHA-256');
    });

    it('maps every receipt check to at least one court question', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots });
        const payload = buildReportPayload([{ result }], META);
        const item = payload.items[0]!;
        const mapped = new Set(
            [item.creation, item.integrity, item.witnesses, item.method].flatMap((f) => f.checks.map((c) => c.id)),
        );

        expect([...mapped].sort()).toEqual(result.checks.map((c) => c.name).sort());
    });

    it('marks the question a failed check answers as not established and withholds unconfirmed facts', async () => {
        const receipt = fixtureReceipt('direct');
        const tampered = { ...receipt, summary: { ...receipt.summary, blockNumber: receipt.summary.blockNumber + 1 } };

        const payload = buildReportPayload([await entry(tampered), await entry(fixtureReceipt('anchored'))], META);

        expect(payload.verdict).toBe('not-verified');
        expect(payload.counts).toEqual({ items: 2, verified: 1, notVerified: 1 });
        const item = payload.items[0]!;
        expect(item.verdict).toBe('not-verified');
        expect(item.creation.verdict).toBe('not-established');
        expect(item.creation.blockNumber).toBeNull();
        expect(item.creation.checks.find((c) => c.id === 'summary')?.status).toBe('fail');
        expect(item.integrity.verdict).toBe('established');
    });

    it('builds a payload that canonical JSON encodes', async () => {
        const payload = buildReportPayload([await entry(fixtureReceipt('anchored'))], META);

        expect(JSON.parse(canonicalJson(payload))).toEqual(payload);
    });

    it('calls a report with no items not verified', () => {
        expect(buildReportPayload([], META).verdict).toBe('not-verified');
    });

    it('throws ReportBuildError naming the field for a bad time of issue or another MSP', () => {
        expect(() => buildReportPayload([], { ...META, issuedAt: 'yesterday' })).toThrow(
            expect.objectContaining({ name: ReportBuildError.name, field: 'issuedAt' }),
        );
        expect(() => buildReportPayload([], { ...META, issuer: { subject: 'CN=x', mspId: 'BankMSP' } })).toThrow(
            expect.objectContaining({ name: ReportBuildError.name, field: 'issuer.mspId' }),
        );
    });

    it('states the version package.json declares', () => {
        const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
            version: string;
        };

        expect(VERIFIER_VERSION).toBe(pkg.version);
    });
});
