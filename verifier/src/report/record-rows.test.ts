import { describe, expect, it } from 'vitest';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import { verifyReceipt } from '../verify-receipt.js';
import { buildReportPayload } from './build-report-payload.js';
import { recordRows } from './record-rows.js';
import { type ReportedCheck, type ReportItem } from './report-payload.js';
import { WORDS } from './report-wording.js';

const roots = fixtureRoots();

async function itemOf(kind: 'direct' | 'anchored'): Promise<ReportItem> {
    const receipt = fixtureReceipt(kind);
    const payload = buildReportPayload([{ result: await verifyReceipt(receipt, { roots }), receipt }], {
        reportId: 'NR-1',
        issuedAt: '2026-11-23T09:00:00Z',
        issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
        roots,
    });
    return payload.items[0]!;
}

/** The item with a check added to its creation finding, as a verifier with that check reports it. */
function withCheck(item: ReportItem, check: Omit<ReportedCheck, 'title'>): ReportItem {
    return {
        ...item,
        creation: {
            ...item.creation,
            // Replaces the record's own check of that name (the fixtures' receipts carry a trusted-time result).
            checks: [...item.creation.checks.filter((c) => c.id !== check.id), { ...check, title: check.id }],
        },
    };
}

function value(item: ReportItem, label: { readonly en: string }): string | undefined {
    return recordRows(item).find((row) => row.label.en === label.en)?.value;
}

describe('recordRows', () => {
    it("names the record's signed bytes: block and entry, transaction ID, each signer's certificate, the write", async () => {
        const item = await itemOf('direct');
        const { summary } = fixtureReceipt('direct');

        expect(value(item, WORDS.fingerprint)).toBe(item.fingerprint);
        expect(value(item, WORDS.transaction)).toContain(
            `block ${summary.blockNumber}, entry ${summary.transactionIndex}`,
        );
        expect(value(item, WORDS.transactionId)).toBe(summary.transactionId);
        expect(value(item, WORDS.creatorSignature)).toContain(
            `${summary.writtenBy.subject} (${summary.writtenBy.mspId}`,
        );
        for (const peer of summary.endorsedBy) {
            expect(value(item, WORDS.endorsements)).toContain(`${peer.subject} (${peer.mspId}`);
        }
        expect(value(item, WORDS.blockHeader)).toContain(`header of block ${summary.blockNumber}`);
        expect(value(item, WORDS.blockHeader)).toContain(summary.orderedBy[0]!.subject);
        expect(value(item, WORDS.writeSet)).toContain(summary.member);
        expect(value(item, WORDS.merkleProof)).toBeUndefined();
        expect(value(item, WORDS.trustedTime)).toMatch(/^不晚于 \S+Z（时间戳机构 CN=LendLedger Notary TSA/);
    });

    it('gives an anchored record its leaf, tree size and root', async () => {
        const item = await itemOf('anchored');

        expect(value(item, WORDS.merkleProof)).toContain('leaf 2 of 5 under the Merkle root:');
        expect(value(item, WORDS.merkleProof)).toContain(item.integrity.anchor!.anchorId);
    });

    it('states the trusted time as the TSA gave it when the token verified, and FAIL when it did not', async () => {
        const item = await itemOf('direct');

        const dated = withCheck(item, {
            id: 'trusted-time' as never,
            status: 'pass',
            detail: 'no later than 2026-12-05T00:35:07.000Z, according to TSA CN=TSA,O=Notary (authority "x", token 7)',
        });
        expect(value(dated, WORDS.trustedTime)).toBe(
            '不晚于 2026-12-05T00:35:07.000Z（时间戳机构 CN=TSA,O=Notary）\n' +
                'no later than 2026-12-05T00:35:07.000Z, according to TSA CN=TSA,O=Notary',
        );

        const forged = withCheck(item, { id: 'trusted-time' as never, status: 'fail', detail: 'bad signature' });
        expect(recordRows(forged).find((row) => row.label === WORDS.trustedTime)).toMatchObject({
            value: 'trusted-time：未通过 FAIL',
            tone: 'fail',
        });
    });

    it("shows the validity witness's outcome and whose signatures it carries", async () => {
        const item = withCheck(await itemOf('direct'), {
            id: 'validity-witness' as never,
            status: 'pass',
            detail:
                'peers of BankMSP, PlatformMSP read ev.record/loan:ab/1 at version (block 7, entry 0) on ' +
                '2026-12-05T00:42:12.855Z: only a valid transaction writes state',
        });

        expect(value(item, WORDS.validityRow)).toBe(
            'validation-flag：通过 PASS · validity-witness：通过 PASS\n' +
                'peers of BankMSP, PlatformMSP read the key at version (block 7, entry 0) on 2026-12-05T00:42:12.855Z',
        );
    });

    it('says "not established" for facts the verifier could not confirm', async () => {
        const item = await itemOf('direct');
        const unconfirmed: ReportItem = {
            ...item,
            fingerprint: null,
            creation: { ...item.creation, blockNumber: null, transactionId: null, writtenBy: null, time: null },
            witnesses: { ...item.witnesses, endorsedBy: [], orderedBy: [] },
            integrity: { ...item.integrity, written: null },
        };

        for (const label of [WORDS.fingerprint, WORDS.transaction, WORDS.transactionId, WORDS.creatorSignature]) {
            expect(value(unconfirmed, label), label.en).toBe('未能确认 / not established');
        }
        expect(recordRows(unconfirmed).find((row) => row.label === WORDS.fingerprint)?.mono).toBe(false);
    });
});
