import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRootsBundle, trustStoreFor, verifyReceipt, type Receipt } from '@lendledger/verifier/verify';
import { describe, expect, it } from 'vitest';
import { commonName, factsOf } from './findings.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures');
const trust = trustStoreFor(parseRootsBundle(readFileSync(join(FIXTURES, 'roots.json'), 'utf8')));
const direct = JSON.parse(readFileSync(join(FIXTURES, 'receipt-direct.json'), 'utf8')) as Receipt;

describe('the facts the verification page states', () => {
    it('names the writer, the endorsing organisations and the trusted time of a receipt that verifies', async () => {
        const result = await verifyReceipt(direct, { roots: trust });
        const facts = factsOf(direct, result);
        expect(facts.ok).toBe(result.ok);
        expect(facts.writtenBy).toEqual({
            mspId: direct.summary.writtenBy.mspId,
            name: commonName(direct.summary.writtenBy.subject),
        });
        expect(facts.writtenBy?.name).toMatch(/^User1@/);
        expect(facts.endorsedBy).toEqual([...new Set(direct.summary.endorsedBy.map((p) => p.mspId))].sort());
        expect(facts.endorsedBy.length).toBeGreaterThanOrEqual(2);
        expect(facts.clientTime).toBe(direct.summary.time);
        // The recorded receipt carries a token of the fixture network's TSA, which the fixture roots list.
        expect(result.ok).toBe(true);
        expect(facts.trustedTime).toEqual({
            time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
            authority: 'CN=LendLedger Notary TSA,O=LendLedger Notary',
        });
        expect(facts.findings.map((finding) => finding.question)).toEqual([
            'creation',
            'integrity',
            'witnesses',
            'method',
        ]);
    });

    it('states no fact from a summary the checks did not confirm: a forged writer is not shown', async () => {
        const forged = {
            ...direct,
            summary: { ...direct.summary, writtenBy: { ...direct.summary.writtenBy, mspId: 'CourtMSP' } },
        };
        const result = await verifyReceipt(forged, { roots: trust });
        const facts = factsOf(forged, result);
        expect(facts.ok).toBe(false);
        expect(facts.failed.map((check) => check.name)).toContain('summary');
        expect([facts.writtenBy, facts.clientTime, facts.endorsedBy]).toEqual([undefined, undefined, []]);
    });

    it('answers "unchanged since" as not established when one byte of the block changes', async () => {
        const bytes = Buffer.from(direct.block.bytes, 'base64');
        const at = bytes.length - 300;
        bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
        const tampered = { ...direct, block: { ...direct.block, bytes: bytes.toString('base64') } };
        const facts = factsOf(tampered, await verifyReceipt(tampered, { roots: trust }));
        expect(facts.ok).toBe(false);
        expect(facts.findings.find((finding) => finding.question === 'integrity')?.established).toBe(false);
        expect(facts.failed.length).toBeGreaterThan(0);
    });

    it('reads the common name of an RFC 4514 subject, escaped commas included', () => {
        expect(commonName('CN=peer0.bank.lendledger.test,OU=peer,C=US')).toBe('peer0.bank.lendledger.test');
        expect(commonName('OU=client,CN=Li\\, Wei,C=CN')).toBe('Li\\, Wei');
        expect(commonName('O=No Name')).toBe('O=No Name');
    });
});
