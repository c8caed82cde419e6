import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRoots } from '../testing/fixtures.js';
import {
    FIXTURE_CASE_ID,
    fixturePackage,
    governableRoots,
    newTestNotary,
    signedReport,
    zipOf,
    type FixturePackage,
    type TestNotary,
} from '../testing/fixture-package.js';
import { outsiderCredential } from '../testing/outsider.js';
import { newTestConsortium, signedByAdmins } from '../testing/test-consortium.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { rememberingVerifier } from '../crypto/remembering-verifier.js';
import { defaultSignatureVerifier } from '../crypto/default-verifier.js';
import { type TrustStore } from '../roots/trust-store.js';
import { type PackageCheckName } from './package-check.js';
import { PACKAGE_FILES, receiptPath } from './package-format.js';
import { MAX_PACKAGE_BYTES, verifyPackage, type PackageVerification } from './verify-package.js';

function failed(result: PackageVerification): PackageCheckName[] {
    return result.checks.filter((c) => c.status === 'fail').map((c) => c.name);
}

function reasonOf(result: PackageVerification, name: PackageCheckName): string {
    return result.checks.find((c) => c.name === name)!.reason;
}

/** The zip's files, edited and zipped again as they are, manifest included: what a forger does by hand. */
function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
    const files = unzipSync(bytes);
    edit(files);
    return zipSync(files);
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every occurrence of `from` replaced by `to` (same length), e.g. an entry's name in both zip headers. */
function replaceAll(bytes: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
    const out = bytes.slice();
    for (let i = 0; i + from.length <= out.length; i++) {
        if (from.every((b, j) => out[i + j] === b)) {
            out.set(to, i);
        }
    }
    return out;
}

/** The zip with `name`'s uncompressed size, as its local and central headers state it, set to `size`. */
function withDeclaredSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    const encoded = text(name);
    const named = (at: number): boolean => encoded.every((b, j) => out[at + j] === b);
    for (let i = 0; i + 46 <= out.length; i++) {
        const signature = view.getUint32(i, true);
        if (signature === 0x04034b50 && view.getUint16(i + 26, true) === encoded.length && named(i + 30)) {
            view.setUint32(i + 22, size, true);
        } else if (signature === 0x02014b50 && view.getUint16(i + 28, true) === encoded.length && named(i + 46)) {
            view.setUint32(i + 24, size, true);
        }
    }
    return out;
}

describe('verifyPackage', () => {
    let notary: TestNotary;
    let parts: FixturePackage;
    let honest: Uint8Array;
    let pinned: TrustStore;

    beforeAll(async () => {
        notary = await newTestNotary();
        const consortium = await newTestConsortium();
        parts = await fixturePackage(
            notary,
            await signedByAdmins(governableRoots(notary, consortium), consortium.members),
        );
        honest = zipOf(parts);
        pinned = trustStoreFor(parts.roots, rememberingVerifier(defaultSignatureVerifier()));
    });

    it('verifies an honest package against pinned roots, every check named and passed', async () => {
        const result = await verifyPackage(honest, { roots: pinned });
        expect(result.checks.map((c) => [c.name, c.status])).toEqual([
            ['package-format', 'pass'],
            ['manifest-hashes', 'pass'],
            ['trusted-roots', 'pass'],
            ['case-items', 'pass'],
            ['receipts', 'pass'],
            ['receipts-belong-to-case', 'pass'],
            ['items-covered', 'pass'],
            ['notary-report', 'pass'],
        ]);
        expect(result).toMatchObject({ ok: true, caseId: FIXTURE_CASE_ID, trust: 'pinned' });
        expect(result.receipts.map((r) => r.fingerprint).sort()).toEqual([...parts.items].sort());
        expect(result.report?.ok).toBe(true);
    });

    it("trusts the package's own roots bundle when none is given, and says so", async () => {
        const result = await verifyPackage(honest);
        expect(result).toMatchObject({ ok: true, trust: 'package' });
        expect(reasonOf(result, 'trusted-roots')).toMatch(/trusting the package's own roots bundle/);
    });

    it('writes the same bytes for the same content', () => {
        expect(zipOf(parts)).toEqual(honest);
    });

    it('fails naming the file when any byte of any file other than the manifest changes', async () => {
        const listed = parts.files.map(([path]) => path);
        const files = unzipSync(honest);
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...listed),
                fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
                fc.integer({ min: 1, max: 255 }),
                async (path, at, xor) => {
                    const size = files[path]!.length;
                    const position = Math.floor(at * size);
                    const tampered = rezip(honest, (all) => {
                        const copy = all[path]!.slice();
                        copy[position] = copy[position]! ^ xor;
                        all[path] = copy;
                    });
                    const result = await verifyPackage(tampered, { roots: pinned });
                    expect(result.ok).toBe(false);
                    expect(reasonOf(result, 'manifest-hashes')).toContain(`${path}: differs from manifest.json`);
                },
            ),
            { numRuns: 60 },
        );
    }, 120_000);

    it('fails naming manifest.json when a byte of the manifest changes, except inside its unsigned createdAt and createdBy', async () => {
        const manifest = unzipSync(honest)[PACKAGE_FILES.manifest]!;
        const manifestText = new TextDecoder().decode(manifest);
        const unsigned = ['createdAt', 'createdBy'].map((member) => {
            const start = manifestText.indexOf(`"${member}": "`) + member.length + 5;
            return [start, manifestText.indexOf('"', start)] as const;
        });
        await fc.assert(
            fc.asyncProperty(
                fc.nat({ max: manifest.length - 1 }),
                fc.integer({ min: 1, max: 255 }),
                async (position, xor) => {
                    const tampered = rezip(honest, (all) => {
                        const copy = all[PACKAGE_FILES.manifest]!.slice();
                        copy[position] = copy[position]! ^ xor;
                        all[PACKAGE_FILES.manifest] = copy;
                    });
                    const result = await verifyPackage(tampered, { roots: pinned });
                    if (unsigned.some(([start, end]) => position >= start && position < end) && result.ok) {
                        return; // the maker's unsigned word; the result's manifest shows it
                    }
                    expect(result.ok).toBe(false);
                    const reasons = result.checks
                        .filter((c) => c.status === 'fail')
                        .map((c) => c.reason)
                        .join(' ');
                    expect(reasons).toMatch(/manifest\.json|case|report/);
                },
            ),
            { numRuns: 100 },
        );
    }, 120_000);

    it('names a file added, a file removed and a file renamed', async () => {
        const added = rezip(honest, (all) => {
            all['notes.txt'] = text('added later');
        });
        expect(reasonOf(await verifyPackage(added, { roots: pinned }), 'manifest-hashes')).toBe(
            'notes.txt: not listed in manifest.json (added or renamed)',
        );

        const removed = rezip(honest, (all) => {
            Reflect.deleteProperty(all, PACKAGE_FILES.chain);
        });
        expect(reasonOf(await verifyPackage(removed, { roots: pinned }), 'manifest-hashes')).toBe(
            'chain.json: listed in manifest.json but absent (removed or renamed)',
        );

        const renamed = rezip(honest, (all) => {
            all['report/other.jws'] = all[PACKAGE_FILES.reportJws]!;
            Reflect.deleteProperty(all, PACKAGE_FILES.reportJws);
        });
        const result = await verifyPackage(renamed, { roots: pinned });
        expect(reasonOf(result, 'manifest-hashes')).toContain(
            'report/notary-report.jws: listed in manifest.json but absent',
        );
        expect(reasonOf(result, 'manifest-hashes')).toContain('report/other.jws: not listed in manifest.json');
    });

    it('refuses a zip that is not one, and one without a manifest', async () => {
        const garbage = await verifyPackage(text('PK not really a zip'), { roots: pinned });
        expect(failed(garbage)).toEqual([
            'package-format',
            'manifest-hashes',
            'trusted-roots',
            'case-items',
            'receipts',
            'receipts-belong-to-case',
            'items-covered',
            'notary-report',
        ]);
        expect(reasonOf(garbage, 'package-format')).toMatch(/^not a readable zip/);

        const noManifest = await verifyPackage(
            rezip(honest, (all) => Reflect.deleteProperty(all, PACKAGE_FILES.manifest)),
            { roots: pinned },
        );
        expect(reasonOf(noManifest, 'package-format')).toBe('manifest.json is missing');
    });

    it('refuses a zip holding one name twice: either copy could be the one a reader shows', async () => {
        // Two entries, the second renamed in its local and central headers to the first's name.
        const decoy = 'manifest.jsom';
        const zip = rezip(honest, (all) => (all[decoy] = text('{"format":"another manifest"}')));
        const twice = replaceAll(zip, text(decoy), text(PACKAGE_FILES.manifest));

        const result = await verifyPackage(twice, { roots: pinned });

        expect(failed(result)).toContain('package-format');
        expect(reasonOf(result, 'package-format')).toBe(`${PACKAGE_FILES.manifest} occurs twice in the zip`);
    });

    it('refuses, before inflating, a zip whose entries claim more bytes than a package may hold', async () => {
        // A decompression bomb: the entry's declared size is what the reader allocates.
        const target = PACKAGE_FILES.manifest;
        const bomb = withDeclaredSize(honest, target, MAX_PACKAGE_BYTES + 1);

        const result = await verifyPackage(bomb, { roots: pinned });

        expect(failed(result)).toContain('package-format');
        expect(reasonOf(result, 'package-format')).toMatch(/more than \d+ bytes uncompressed/);
    });

    it('fails the receipt, naming its file, when the forger also rewrites the manifest to match', async () => {
        const path = receiptPath(parts.items[1]!);
        const files = parts.files.map(([p, content]): [string, Uint8Array | string] => {
            if (p !== path) {
                return [p, content];
            }
            const receipt = JSON.parse(content as string) as { anchor: { index: number } };
            receipt.anchor.index += 1;
            return [p, JSON.stringify(receipt)];
        });
        const result = await verifyPackage(zipOf({ ...parts, files }), { roots: pinned });
        expect(failed(result)).toEqual(['receipts']);
        expect(reasonOf(result, 'receipts')).toMatch(new RegExp(`^1 of 4 failed: ${path}: .*inclusion-proof`));
    });

    it('fails a receipt of another case, even one that verifies, naming its file', async () => {
        const stranger = parts.strangerReceipt;
        const result = await verifyPackage(
            zipOf({ ...parts, files: [...parts.files, [receiptPath(stranger.fingerprint), JSON.stringify(stranger)]] }),
            { roots: pinned },
        );
        expect(failed(result)).toEqual(['receipts-belong-to-case']);
        expect(reasonOf(result, 'receipts-belong-to-case')).toContain(receiptPath(stranger.fingerprint));
    });

    it('fails a receipt filed under another item’s name', async () => {
        const [a, b] = [receiptPath(parts.items[0]!), receiptPath(parts.items[1]!)];
        const contentOf = new Map(parts.files);
        const files = parts.files.map(([p, c]): [string, Uint8Array | string] => [
            p,
            p === a ? contentOf.get(b)! : p === b ? contentOf.get(a)! : c,
        ]);
        const result = await verifyPackage(zipOf({ ...parts, files }), { roots: pinned });
        expect(failed(result)).toEqual(['receipts-belong-to-case']);
    });

    it('fails an item without a receipt, and shows the reason when the manifest lists it as unavailable', async () => {
        const missing = receiptPath(parts.items[3]!);
        const files = parts.files.filter(([p]) => p !== missing);
        const silent = await verifyPackage(zipOf({ ...parts, files }), { roots: pinned });
        expect(failed(silent)).toEqual(['items-covered']);
        expect(reasonOf(silent, 'items-covered')).toContain(`${parts.items[3]}: absent and not listed as unavailable`);

        const listed = await verifyPackage(
            zipOf({
                ...parts,
                files,
                unavailable: [
                    { path: missing, fingerprint: parts.items[3]!, reason: 'SEALED_ELSEWHERE: sealed by BankMSP' },
                ],
            }),
            { roots: pinned },
        );
        expect(failed(listed)).toEqual(['items-covered']);
        expect(reasonOf(listed, 'items-covered')).toContain('unavailable (SEALED_ELSEWHERE: sealed by BankMSP)');
    });

    it('fails a case record whose items do not hash to the root it states, or that names another case', async () => {
        const edit = (change: (view: { case: { caseId: string }; items: { fingerprint: string }[] }) => void) =>
            parts.files.map(([p, c]): [string, Uint8Array | string] => {
                if (p !== PACKAGE_FILES.case) {
                    return [p, c];
                }
                const view = JSON.parse(c as string) as { case: { caseId: string }; items: { fingerprint: string }[] };
                change(view);
                return [p, JSON.stringify(view)];
            });
        const dropped = await verifyPackage(zipOf({ ...parts, files: edit((v) => v.items.pop()) }), { roots: pinned });
        expect(failed(dropped)).toContain('case-items');
        expect(reasonOf(dropped, 'case-items')).toMatch(
            /its 3 items hash to root [0-9a-f]{64}, the case states 4 items/,
        );

        const other = await verifyPackage(zipOf({ ...parts, files: edit((v) => (v.case.caseId = 'CASE-OTHER')) }), {
            roots: pinned,
        });
        expect(reasonOf(other, 'case-items')).toBe('case.json: names case CASE-OTHER, the manifest CASE-PKG-0001');
    });

    it('fails a forged report: signed outside the pinned roots, about another case, or altered after signing', async () => {
        const withReport = (jws: string): [string, Uint8Array | string][] =>
            parts.files.map(([p, c]) => [p, p === PACKAGE_FILES.reportJws ? jws : c]);
        const receipts = parts.files
            .filter(([p]) => p.startsWith('receipts/'))
            .map(([, c]) => JSON.parse(c as string) as never);

        const outsider = await outsiderCredential({ commonName: 'Admin@notary.test', organisationalUnit: 'admin' });
        const forged = await signedReport(receipts, FIXTURE_CASE_ID, outsider, parts.roots);
        const untrusted = await verifyPackage(zipOf({ ...parts, files: withReport(forged.jws) }), { roots: pinned });
        expect(failed(untrusted)).toEqual(['notary-report']);
        expect(reasonOf(untrusted, 'notary-report')).toMatch(/certificate-chain/);

        const otherCase = await signedReport(receipts, 'CASE-OTHER', notary, parts.roots);
        const misplaced = await verifyPackage(zipOf({ ...parts, files: withReport(otherCase.jws) }), { roots: pinned });
        expect(reasonOf(misplaced, 'notary-report')).toContain('it is about case CASE-OTHER, not CASE-PKG-0001');

        const jws = parts.files.find(([p]) => p === PACKAGE_FILES.reportJws)![1] as string;
        const [header, payload, signature] = jws.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { verdict: string };
        claims.verdict = 'not-verified';
        const altered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
        const tampered = await verifyPackage(zipOf({ ...parts, files: withReport(altered) }), { roots: pinned });
        expect(failed(tampered)).toEqual(['notary-report']);
        expect(reasonOf(tampered, 'notary-report')).toMatch(/signature/);
    });

    it("fails the report against pinned roots that do not vouch for the package's notary", async () => {
        const result = await verifyPackage(honest, { roots: fixtureRoots() });
        expect(failed(result)).toEqual(['trusted-roots', 'notary-report']);
        expect(reasonOf(result, 'trusted-roots')).toMatch(/ROOTS_PIN_MISMATCH/);
    });

    it('skips the report when the package has none, giving the reason the manifest lists', async () => {
        const files = parts.files.filter(([p]) => !p.startsWith('report/'));
        const result = await verifyPackage(
            zipOf({
                ...parts,
                files,
                unavailable: [{ path: PACKAGE_FILES.reportJws, reason: 'issued by the Notary gateway' }],
            }),
            { roots: pinned },
        );
        expect(result.ok).toBe(true);
        expect(result.checks.find((c) => c.name === 'notary-report')).toMatchObject({
            status: 'skip',
            reason: 'issued by the Notary gateway',
        });
    });
});
