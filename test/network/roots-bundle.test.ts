import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { majorityOf } from '@lendledger/domain';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { ordererSignCert } from '@lendledger/network/fabric-config.ts';
import { issueCrl } from '@lendledger/network/roots.ts';
import { userCredentials } from '@lendledger/network/topology.ts';
import {
    followRootsUpdates,
    parsePemCertificate,
    parseRootsBundle,
    verifyReceipt,
    verifyRootsBundle,
    type RootsBundle,
} from '@lendledger/verifier';
import { exportRootsBundle } from '@lendledger/verifier/node';
import { signedByAdmins } from '../support/roots.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok } from '../support/gateway-client.ts';
import { loanRefOf, TEST_PARTIES } from '../support/ledger-data.ts';
import { eventually, testNetwork, uniqueName } from '../support/test-network.ts';

/** The roots bundle the network wrote at start-up, and a receipt of a record written through it. */
describe('the network’s roots bundle governs verification', () => {
    const network = testNetwork();
    const { topology } = network;
    let v1: RootsBundle;
    let receipt: unknown;
    let receiptTime: Date;

    beforeAll(async () => {
        v1 = parseRootsBundle(readFileSync(rootsBundlePath(topology), 'utf8'));
        const platform = await gatewayAs(network, 'platform');
        const notary = await gatewayAs(network, 'notary', 'User2', ['auditor']);
        const document = Buffer.from(`roots bundle test ${uniqueName('doc')}`);
        const salt = randomBytes(16);
        const fingerprint = `sha256:${createHash('sha256').update(salt).update(document).digest('hex')}`;
        ok(
            await platform.post('/v1/evidence', {
                fingerprint,
                salted: true,
                evidenceType: 'ID_CHECK_REPORT',
                stage: 'IDENTITY_VERIFICATION',
                loanRef: loanRefOf(uniqueName('roots-loan')),
                previous: null,
                // A loan's first record binds its parties: this platform, the bank and the admitted product.
                parties: TEST_PARTIES,
            }),
        );
        receipt = await eventually(async () => {
            const response = await notary.get(`/v1/evidence/${fingerprint}/receipt`);
            return response.status === 200 ? response.body : undefined;
        }, "the notary's peer to hold the record");
        receiptTime = new Date((receipt as { summary: { time: string } }).summary.time);
    });

    it('is version 1 signed by the admins of all members, with a CRL of every organisation', async () => {
        expect(v1.members.map((m) => m.mspId)).toEqual(topology.orgs.map((o) => o.mspId));
        await expect(verifyRootsBundle(v1)).resolves.toBe(v1);
        expect(v1.version).toBe(1);
        expect(new Set(v1.signatures.map((s) => s.mspId))).toEqual(new Set(topology.orgs.map((o) => o.mspId)));
        expect(v1.members.every((m) => m.crls.length === 1)).toBe(true);
        expect(v1.format).toBe('lendledger-roots/3');
    });

    it("names each BFT consenter with the number, member and certificate the channel's orderers sign with", () => {
        // Every operator is a member, so no separate ordering organisation is listed.
        expect(v1.orderers).toEqual([]);
        expect(v1.ordering).toEqual({
            consensus: 'BFT',
            consenters: topology.orderers.map((orderer) => ({
                id: orderer.consenterId,
                mspId: orderer.mspId,
                identity: readFileSync(ordererSignCert(orderer), 'utf8'),
            })),
        });
        const members = new Set(v1.members.map((m) => m.mspId));
        expect(topology.orderers.every((orderer) => members.has(orderer.mspId))).toBe(true);
        // One crypto folder per organisation, its orderer inside: a draft from the folder (lendledger-roots draft
        // --crypto) meets each member once, with its own CRLs, and no stray copy of a member's CA keys exists.
        expect(existsSync(join(topology.cryptoDir, 'ordererOrganizations'))).toBe(false);
        for (const orderer of topology.orderers) {
            const operator = topology.orgs.find((org) => org.mspId === orderer.mspId)!;
            expect(orderer.dir.startsWith(`${operator.cryptoDir}/`)).toBe(true);
        }
    });

    it('verifies a receipt from the network, taking the policy from the bundle', async () => {
        const result = await verifyReceipt(receipt, { roots: await followRootsUpdates(v1, []) });

        expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
        expect(result.ok).toBe(true);
    });

    it('refuses an update signed by one member short of a majority and follows one signed by a majority', async () => {
        const draft = exportRootsBundle(topology.cryptoDir, { previous: v1, network: v1.network });
        expect(draft.members.map((m) => m.mspId)).toEqual(v1.members.map((m) => m.mspId));
        const majority = majorityOf(topology.orgs.length);

        await expect(
            followRootsUpdates(v1, [signedByAdmins(draft, topology.orgs.slice(0, majority - 1))]),
        ).rejects.toMatchObject({ code: 'ROOTS_MINORITY', version: 2 });
        const v2 = signedByAdmins(draft, topology.orgs.slice(-majority));
        await expect(followRootsUpdates(v1, [v2])).resolves.toBe(v2);
    });

    it('fails the receipt once an update revokes its creator before its time, not when revoked after', async () => {
        const platform = topology.orgs.find((o) => o.key === 'platform')!;
        const creator = parsePemCertificate(readFileSync(userCredentials(platform, 'User1').certPath, 'utf8'));
        const revokedAt = async (at: Date): Promise<RootsBundle> => {
            const crl = await issueCrl(join(platform.cryptoDir, 'ca'), [{ serial: creator.serialNumber, at }]);
            const draft = exportRootsBundle(topology.cryptoDir, {
                previous: v1,
                network: v1.network,
                crls: { [platform.mspId]: [crl] },
            });
            return followRootsUpdates(v1, [signedByAdmins(draft, topology.orgs)]);
        };

        const before = await verifyReceipt(receipt, {
            roots: await revokedAt(new Date(receiptTime.getTime() - 60_000)),
        });
        const after = await verifyReceipt(receipt, {
            roots: await revokedAt(new Date(receiptTime.getTime() + 60_000)),
        });

        // The platform gateway signs as User1 (gatewayAs' default subject).
        expect((receipt as { summary: { writtenBy: { subject: string } } }).summary.writtenBy.subject).toBe(
            creator.subject.text,
        );
        const chains = before.checks.find((c) => c.name === 'certificate-chains')!;
        expect(chains.status).toBe('fail');
        expect(chains.reason).toContain(`serial ${creator.serialNumber}`);
        expect(after.ok).toBe(true);
    });
});
