import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSignatureVerifier } from '../crypto/default-verifier.js';
import { rememberingVerifier } from '../crypto/remembering-verifier.js';
import { utf8 } from '../encoding/bytes.js';
import { serialiseRootsBundle, type RootsBundle } from '../roots/roots-bundle.js';
import { rootsBodyHash } from '../roots/roots-governance.js';
import { assembleRootsBundle } from '../roots/roots-signing.js';
import {
    fixturePackage,
    governableRoots,
    newTestNotary,
    zipOf,
    type FixturePackage,
    type TestNotary,
} from '../testing/fixture-package.js';
import { newTestConsortium, signedByAdmins, type TestConsortium } from '../testing/test-consortium.js';
import { type PackageCheckName } from './package-check.js';
import { PACKAGE_FILES } from './package-format.js';
import { packageRoots } from './package-roots.js';
import { verifyPackage, type PackageVerification } from './verify-package.js';

function failed(result: PackageVerification): PackageCheckName[] {
    return result.checks.filter((c) => c.status === 'fail').map((c) => c.name);
}

function rootsCheck(result: PackageVerification): { status: string; reason: string } {
    return result.checks.find((c) => c.name === 'trusted-roots')!;
}

/** Governance of the package's roots bundle: pinned and followed, or, with nothing pinned, signed by a majority. */
describe('verifyPackage judges the roots bundle it is given and the one the package carries', () => {
    let notary: TestNotary;
    let consortium: TestConsortium;
    let v1: RootsBundle;
    let v2: RootsBundle;
    let parts: FixturePackage;

    /** The fixture package carrying `roots` instead (its report signed against them). */
    const carrying = async (roots: RootsBundle): Promise<Uint8Array> => zipOf(await fixturePackage(notary, roots));
    const majority = (): TestConsortium['members'] => consortium.members.slice(0, 3);
    const minority = (): TestConsortium['members'] => consortium.members.slice(0, 2);

    beforeAll(async () => {
        notary = await newTestNotary();
        consortium = await newTestConsortium();
        v1 = await signedByAdmins(governableRoots(notary, consortium), consortium.members);
        v2 = await signedByAdmins(governableRoots(notary, consortium, { previous: v1, network: 'v2' }), majority());
        parts = await fixturePackage(notary, v1);
    });

    it('passes a package carrying the pinned bundle, and checks the receipts against it', async () => {
        const result = await verifyPackage(zipOf(parts), { roots: v1 });

        expect(result).toMatchObject({ ok: true, trust: 'pinned', roots: { version: 1, sha256: rootsBodyHash(v1) } });
        expect(rootsCheck(result).reason).toMatch(/is the pinned bundle/);
    });

    it('pins the package’s own bundle by its recorded hash alone, and refuses it under another hash', async () => {
        const pinned = await verifyPackage(zipOf(parts), { pin: rootsBodyHash(v1) });
        const other = await verifyPackage(zipOf(parts), { pin: rootsBodyHash(v2) });

        expect(pinned).toMatchObject({ ok: true, trust: 'pinned' });
        expect(failed(other)).toEqual(['trusted-roots', 'receipts', 'notary-report']);
        expect(rootsCheck(other).reason).toMatch(/does not bind: ROOTS_PIN_MISMATCH/);
    });

    it('passes a package carrying a later version reached from the pin by a signed update, checking against it', async () => {
        const result = await verifyPackage(await carrying(v2), { roots: v1, updates: [v2] });

        expect(result).toMatchObject({ ok: true, trust: 'pinned', roots: { version: 2, sha256: rootsBodyHash(v2) } });
        expect(rootsCheck(result).reason).toMatch(/is version 2, reached from the pin by signed updates/);
    });

    it('checks an older package against the newest version the updates reach', async () => {
        const result = await verifyPackage(zipOf(parts), { roots: v1, updates: [v2] });

        expect(result).toMatchObject({ ok: true, roots: { version: 2 } });
        expect(rootsCheck(result).reason).toMatch(/is the pinned bundle; checked against version 2/);
    });

    it('follows the package’s own bundle when it is a majority-signed update of the pinned one', async () => {
        const result = await verifyPackage(await carrying(v2), { roots: v1 });

        expect(result).toMatchObject({ ok: true, roots: { version: 2 } });
        expect(rootsCheck(result).reason).toMatch(/a signed update of version 1 .*: followed/);
    });

    it('fails a package whose next version is signed by a minority, naming ROOTS_MINORITY, and still checks receipts against the pin', async () => {
        const forged = await signedByAdmins(
            governableRoots(notary, consortium, { previous: v1, network: 'by two' }),
            minority(),
        );
        const result = await verifyPackage(await carrying(forged), { roots: v1 });

        expect(failed(result)).toEqual(['trusted-roots']);
        expect(rootsCheck(result).reason).toMatch(/not reached from the pin: ROOTS_MINORITY: .*signed by 2 of 5/);
        expect(result.roots).toEqual({ version: 1, sha256: rootsBodyHash(v1) });
    });

    it('fails a package whose bundle differs from the pin with no update chain, naming ROOTS_PIN_MISMATCH', async () => {
        const rival = await signedByAdmins(
            governableRoots(notary, consortium, { network: 'rival' }),
            consortium.members,
        );
        const result = await verifyPackage(await carrying(rival), { roots: v1 });

        expect(failed(result)).toEqual(['trusted-roots']);
        expect(rootsCheck(result).reason).toMatch(
            new RegExp(`ROOTS_PIN_MISMATCH: its version 1 hashes to ${rootsBodyHash(rival)}, but version 1 reached`),
        );
    });

    it('fails a package that skips a version the caller does not have, naming ROOTS_VERSION_NOT_NEXT', async () => {
        const v3 = await signedByAdmins(
            governableRoots(notary, consortium, { previous: v2, network: 'v3' }),
            majority(),
        );
        const result = await verifyPackage(await carrying(v3), { roots: v1 });

        expect(failed(result)).toEqual(['trusted-roots']);
        expect(rootsCheck(result).reason).toMatch(/ROOTS_VERSION_NOT_NEXT: .*give the versions in between as updates/);
    });

    it('refuses an update the caller gives that a minority signed, and then trusts nothing', async () => {
        const byTwo = await signedByAdmins(
            governableRoots(notary, consortium, { previous: v1, network: 'by two' }),
            minority(),
        );
        const result = await verifyPackage(zipOf(parts), { roots: v1, updates: [byTwo] });

        expect(result).toMatchObject({ ok: false, trust: 'none', roots: undefined });
        expect(rootsCheck(result).reason).toMatch(/an update does not bind: ROOTS_MINORITY: roots bundle version 2/);
        expect(result.checks.find((c) => c.name === 'receipts')!.reason).toMatch(/not checked/);
    });

    it('trusts a majority-signed package bundle when nothing is pinned, and says so plainly', async () => {
        const result = await verifyPackage(zipOf(parts));

        expect(result).toMatchObject({ ok: true, trust: 'package', roots: { version: 1 } });
        expect(rootsCheck(result).reason).toMatch(
            /^trusting the package's own roots bundle .*because no bundle was pinned: admins of 5 of its 5 members signed it/,
        );
    });

    it('fails a minority-signed package bundle when nothing is pinned, naming ROOTS_MINORITY, and trusts nothing', async () => {
        const byTwo = await signedByAdmins(governableRoots(notary, consortium), minority());
        const result = await verifyPackage(await carrying(byTwo));

        expect(result).toMatchObject({ ok: false, trust: 'none' });
        expect(failed(result)).toEqual(['trusted-roots', 'receipts', 'notary-report']);
        expect(rootsCheck(result).reason).toMatch(/does not bind: ROOTS_MINORITY: .*signed by 2 of 5/);
    });

    it('fails an unreadable package bundle with ROOTS_BUNDLE_INVALID, pinned or not', async () => {
        const files = parts.files.map(([path, content]): [string, Uint8Array | string] =>
            path === PACKAGE_FILES.roots ? [path, '{"format":"lendledger-roots/1"}'] : [path, content],
        );
        const zip = zipOf({ ...parts, files });

        const unpinned = await verifyPackage(zip);
        const pinned = await verifyPackage(zip, { roots: v1 });

        expect(rootsCheck(unpinned).reason).toMatch(/roots\.json: ROOTS_BUNDLE_INVALID/);
        expect(unpinned.trust).toBe('none');
        expect(failed(pinned)).toEqual(['trusted-roots']);
        expect(rootsCheck(pinned).reason).toMatch(/roots\.json: ROOTS_BUNDLE_INVALID/);
    });

    it('trusts an unpinned bundle exactly when admins of a strict majority of its members signed it', async () => {
        const draft = governableRoots(notary, consortium, { network: 'subsets' });
        const single = await Promise.all(consortium.members.map((m) => signedByAdmins(draft, [m])));
        const verifier = rememberingVerifier(defaultSignatureVerifier());
        await fc.assert(
            fc.asyncProperty(fc.subarray(single, { minLength: 1 }), async (copies) => {
                const bundle = assembleRootsBundle(copies);
                const verdict = await packageRoots(utf8(serialiseRootsBundle(bundle)), {}, verifier);
                expect(verdict.check.status).toBe(copies.length * 2 > consortium.members.length ? 'pass' : 'fail');
                expect(verdict.kind).toBe(copies.length * 2 > consortium.members.length ? 'package' : 'none');
            }),
            { numRuns: 20 },
        );
    });
});
