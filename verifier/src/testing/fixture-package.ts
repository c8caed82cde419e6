/**
 * Test support: a case package made from the recorded fixtures, as the gateway makes one. The case holds four leaves
 * of the fixture anchor (the document's fingerprint among them); the fifth leaf is outside the case, for tests that
 * smuggle in a receipt of another case. A notary test CA is added to the roots so that a report can be signed.
 */
import { toHex } from '@lendledger/domain';
import { sha256 } from '../crypto/sha256.js';
import { utf8 } from '../encoding/bytes.js';
import { fingerprintLeafHash, fingerprintTreeRoot, inclusionProof } from '@lendledger/domain/node';
import { PACKAGE_FILES, receiptPath, type UnavailableEntry } from '../package/package-format.js';
import { PACKAGE_GUIDE } from '../package/package-guide.js';
import { writeCasePackage } from '../package/package-writer.js';
import { buildReportPayload } from '../report/build-report-payload.js';
import { loadReportFont } from '../node/report-font.js';
import { renderReportPdf } from '../report/render-report-pdf.js';
import { reportIssuer } from '../report/report-issuer.js';
import { signReport } from '../report/sign-report.js';
import { buildReceipt } from '../receipt/build-receipt.js';
import { type Receipt } from '../receipt/receipt.js';
import { serialiseRootsBundle, type RootsBundle } from '../roots/roots-bundle.js';
import { rootsBodyHash } from '../roots/roots-governance.js';
import { verifyReceipt } from '../verify-receipt.js';
import { fixtureBatch } from './fixture-batch.js';
import { fixtureDocument, fixtureReceipt, fixtureRoots, rootsOf, withRoots } from './fixtures.js';
import { testTsa, trustingAlso, type TestTsa } from './timestamp-forgery.js';
import { outsiderCredential, type Credential } from './outsider.js';
import { type TestConsortium } from './test-consortium.js';

export const FIXTURE_CASE_ID = 'CASE-PKG-0001';
const CREATED_AT = '2026-12-01T08:00:00.000Z';

/** A receipt for every leaf of the recorded anchor, rebuilt from its block and the batch convention. */
export function anchorLeafReceipts(): Receipt[] {
    const anchored = fixtureReceipt('anchored');
    const leaves = fixtureBatch(fixtureDocument().fingerprint);
    const hashes = leaves.map(fingerprintLeafHash);
    const block = Buffer.from(anchored.block.bytes, 'base64');
    return leaves.map((fingerprint, index) => ({
        // Members other formats add beside the block (covering the anchor's transaction and block) carry over.
        ...anchored,
        ...buildReceipt({
            block,
            txId: anchored.transaction.id,
            fingerprint,
            anchor: {
                anchorId: anchored.anchor!.anchorId,
                index,
                treeSize: leaves.length,
                auditPath: inclusionProof(hashes, index).map(toHex),
                root: anchored.anchor!.root,
            },
        }),
    }));
}

/**
 * A notary whose CA the roots of {@link FixturePackage} trust under NotaryMSP, with the time-stamping authority that
 * dates its reports (also trusted by those roots).
 */
export type TestNotary = Credential & { ca: Credential; tsa: TestTsa };

/** Makes a notary member certificate and its CA, and a TSA, unknown to the recorded network. */
export async function newTestNotary(): Promise<TestNotary> {
    const credential = await outsiderCredential({ commonName: 'Admin@notary.test', organisationalUnit: 'admin' });
    return { ...credential, tsa: await testTsa({ commonName: 'Notary Test TSA' }) };
}

/** The fixture roots with the notary's CA added under NotaryMSP, and its TSA. */
export function rootsWithNotary(notary: TestNotary): RootsBundle {
    const fixture = fixtureRoots();
    const roots = withRoots(fixture, 'NotaryMSP', [...rootsOf(fixture, 'NotaryMSP'), notary.ca.certificatePem]);
    return trustingAlso(roots, 'Notary Test TSA', notary.tsa.rootPem);
}

/**
 * Roots a test can govern: the fixture roots (which vouch for the recorded receipts) and the notary's CA, with each
 * member's test CA beside its network CA so that the test consortium's admins can sign it. Unsigned; version 1, or
 * the version after `previous`.
 */
export function governableRoots(
    notary: TestNotary,
    consortium: TestConsortium,
    options: { readonly previous?: RootsBundle; readonly network?: string } = {},
): RootsBundle {
    let roots = rootsWithNotary(notary);
    for (const member of consortium.members) {
        roots = withRoots(roots, member.mspId, [...rootsOf(roots, member.mspId), member.ca.pem]);
    }
    const { previous } = options;
    return {
        ...roots,
        network: options.network ?? roots.network,
        version: previous === undefined ? 1 : previous.version + 1,
        ...(previous === undefined ? {} : { previous: rootsBodyHash(previous) }),
        signatures: [],
    };
}

/** Everything a fixture package is made of, so tests can change one part and write it again. */
export interface FixturePackage {
    readonly caseId: string;
    readonly items: readonly string[];
    readonly roots: RootsBundle;
    /** Path → content, in the order the gateway writes them. */
    readonly files: [string, Uint8Array | string][];
    readonly unavailable: UnavailableEntry[];
    /** The receipt of the anchor's fifth leaf, an item of no case here. */
    readonly strangerReceipt: Receipt;
}

/** Signs a notary report on `receipts` for `caseId` with `notary`. */
export async function signedReport(
    receipts: readonly Receipt[],
    caseId: string,
    notary: Credential,
    roots: RootsBundle,
): Promise<{ jws: string; pdf: Uint8Array }> {
    const entries = await Promise.all(
        receipts.map(async (receipt) => ({ receipt, result: await verifyReceipt(receipt, { roots }) })),
    );
    const payload = buildReportPayload(entries, {
        reportId: 'NR-PKG-0001',
        issuedAt: CREATED_AT,
        caseId,
        issuer: reportIssuer(notary.certificatePem),
        roots,
    });
    const jws = await signReport(payload, { privateKey: notary.privateKey, certificate: notary.certificatePem });
    return { jws, pdf: await renderReportPdf(payload, jws, { font: loadReportFont() }) };
}

/** The parts of the fixture case's package, carrying `roots` (the fixture roots and the notary's CA by default). */
export async function fixturePackage(
    notary: TestNotary,
    roots: RootsBundle = rootsWithNotary(notary),
): Promise<FixturePackage> {
    const leaves = anchorLeafReceipts();
    const inCase = leaves.slice(0, 4);
    const items = inCase.map((r) => r.fingerprint);
    const caseView = {
        case: { caseId: FIXTURE_CASE_ID, package: { root: fingerprintTreeRoot(items), size: items.length } },
        items: items.map((fingerprint) => ({ fingerprint })),
    };
    const chain = { entries: [{ record: { id: fixtureDocument().fingerprint } }], intact: true };
    const report = await signedReport(inCase, FIXTURE_CASE_ID, notary, roots);
    const receipts = [...inCase]
        .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))
        .map((r): [string, string] => [receiptPath(r.fingerprint), JSON.stringify(r)]);
    return {
        caseId: FIXTURE_CASE_ID,
        items,
        roots,
        files: [
            [PACKAGE_FILES.guide, PACKAGE_GUIDE],
            [PACKAGE_FILES.case, JSON.stringify(caseView)],
            [PACKAGE_FILES.chain, JSON.stringify(chain)],
            [PACKAGE_FILES.roots, serialiseRootsBundle(roots)],
            ...receipts,
            [PACKAGE_FILES.reportJws, report.jws],
            [PACKAGE_FILES.reportPdf, report.pdf],
            [PACKAGE_FILES.reportTimestamp, await notary.tsa.stamp(sha256(utf8(report.jws)))],
        ],
        unavailable: [],
        strangerReceipt: leaves[4]!,
    };
}

/** Writes the zip of a (possibly altered) fixture package. */
export function zipOf(parts: Pick<FixturePackage, 'caseId' | 'files' | 'unavailable'>): Uint8Array {
    return writeCasePackage({
        caseId: parts.caseId,
        createdAt: CREATED_AT,
        createdBy: 'BankMSP',
        files: parts.files,
        unavailable: parts.unavailable,
    });
}
