import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from './checks/check-result.js';
import { newNobleVerifier } from './crypto/noble-verifier.js';
import { newWebCryptoVerifier } from './crypto/webcrypto-verifier.js';
import { newNodeVerifier } from './node/node-verifier.js';
import { type Receipt } from './receipt/receipt.js';
import { policyOfBundle } from './roots/roots-bundle.js';
import { fixtureDocument, fixtureReceipt, fixtureRoots, rootsOf, withRoots } from './testing/fixtures.js';
import { check, failedChecks } from './testing/results.js';
import { verifyReceipt } from './verify-receipt.js';

const roots = fixtureRoots();
const { document, salt } = fixtureDocument();
/** The Raft network's receipts and `lendledger-roots/2` bundle, for what only Raft ordering has. */
const raftRoots = fixtureRoots('raft-v2');

describe('verifyReceipt on receipts recorded from a real network', () => {
    it('passes every check of a direct receipt presented with its document', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots, document, salt });

        expect(result.ok).toBe(true);
        expect(result.checks.map((c) => c.name)).toEqual([...CHECK_NAMES]);
        const statuses = Object.fromEntries(result.checks.map((c) => [c.name, c.status]));
        expect(statuses).toEqual({
            ...Object.fromEntries(CHECK_NAMES.map((name) => [name, 'pass'])),
            'inclusion-proof': 'skip',
        });
    });

    it('passes every check, the inclusion proof included, of an anchored receipt', async () => {
        const result = await verifyReceipt(fixtureReceipt('anchored'), { roots, document, salt });

        expect(result.ok).toBe(true);
        expect(result.checks.every((c) => c.status === 'pass')).toBe(true);
        expect(check(result, 'inclusion-proof').reason).toContain('leaf 2 of 5');
    });

    it('skips the document check when no document is presented', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots });

        expect(result.ok).toBe(true);
        expect(check(result, 'document-hash').status).toBe('skip');
    });

    it('fails the document check for another document or a missing salt', async () => {
        const receipt = fixtureReceipt('direct');
        const other = await verifyReceipt(receipt, { roots, document: new TextEncoder().encode('forged'), salt });
        const unsalted = await verifyReceipt(receipt, { roots, document });

        expect(failedChecks(other)).toEqual(['document-hash']);
        expect(failedChecks(unsalted)).toEqual(['document-hash']);
    });

    it.each([
        ['webcrypto', newWebCryptoVerifier()],
        ['noble', newNobleVerifier()],
        ['node', newNodeVerifier()],
    ])('reaches the same verdicts with the %s signature verifier', async (_name, signatureVerifier) => {
        const result = await verifyReceipt(fixtureReceipt('anchored'), { roots: fixtureRoots(), signatureVerifier });

        expect(result.ok).toBe(true);
    });

    it('names the endorsing organisations, the consenters who signed and the creator', async () => {
        const receipt = fixtureReceipt('direct');
        const result = await verifyReceipt(receipt, { roots });

        expect(check(result, 'creator-signature').reason).toContain('User1@platform.lendledger.test');
        expect(check(result, 'endorsement-policy').reason).toMatch(
            /^2 of 2 required organisations endorsed: \w+MSP, \w+MSP$/,
        );
        const reason = check(result, 'orderer-signature').reason;
        const signed = receipt.summary.orderedBy.length;
        expect(reason).toMatch(new RegExp(`^${signed} of 4 consenters signed \\(quorum 3\\): `));
        // Each signer is named by certificate, organisation and number, and is the consenter the bundle numbers so.
        const named = [...reason.matchAll(/orderer\d\.(\w+)\.lendledger\.test \((\w+MSP), consenter #(\d+)\)/g)];
        const consenters = roots.ordering?.consensus === 'BFT' ? roots.ordering.consenters : [];
        expect(named).toHaveLength(signed);
        for (const [, host, mspId, id] of named) {
            expect(consenters.find((c) => c.id === Number(id))?.mspId).toBe(mspId);
            expect(`${host}MSP`.toLowerCase()).toBe(mspId!.toLowerCase());
        }
    });

    it('names the one Raft orderer of OrdererMSP who signed a receipt of the Raft network', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct', 'raft-v2'), { roots: raftRoots });

        expect(result.ok).toBe(true);
        expect(check(result, 'orderer-signature').reason).toMatch(
            /^signed by CN=orderer\d\.orderer\.lendledger\.test,OU=orderer\b.* \(OrdererMSP\)$/,
        );
    });
});

describe('verifyReceipt on malformed receipts', () => {
    it('fails receipt-format and reports every dependent check as not checked when the block does not decode', async () => {
        const receipt: Receipt = { ...fixtureReceipt('direct'), block: { number: 1, bytes: 'AAAA' } };
        const result = await verifyReceipt(receipt, { roots });

        expect(check(result, 'receipt-format').status).toBe('fail');
        expect(check(result, 'document-hash').status).toBe('skip');
        expect(check(result, 'orderer-signature').reason).toBe('not checked: the receipt could not be decoded');
        expect(result.ok).toBe(false);
    });

    it('fails receipt-format for an unknown format version, version 1 (which carried no witness) included', async () => {
        for (const format of ['lendledger-receipt/9', 'lendledger-receipt/1']) {
            const result = await verifyReceipt({ ...fixtureReceipt('direct'), format }, { roots });

            expect(check(result, 'receipt-format').reason).toBe('$.format: must be "lendledger-receipt/2"');
            expect(result.ok).toBe(false);
        }
    });

    it('fails receipt-format when the transaction index lies outside the block', async () => {
        const receipt = fixtureReceipt('direct');
        const result = await verifyReceipt(
            { ...receipt, transaction: { ...receipt.transaction, index: 3 } },
            { roots },
        );

        expect(check(result, 'receipt-format').reason).toContain('block has 1 entries, no 3');
    });

    it('fails transaction-id and transaction-in-block when the receipt names another transaction', async () => {
        const receipt = fixtureReceipt('direct');
        const id = 'f'.repeat(64);
        const result = await verifyReceipt({ ...receipt, transaction: { ...receipt.transaction, id } }, { roots });

        expect(failedChecks(result)).toEqual(['transaction-id', 'transaction-in-block']);
    });

    it('fails summary alone when the summary is edited', async () => {
        const receipt = fixtureReceipt('direct');
        const summary = { ...receipt.summary, writtenBy: { ...receipt.summary.writtenBy, mspId: 'BankMSP' } };
        const result = await verifyReceipt({ ...receipt, summary }, { roots });

        expect(failedChecks(result)).toEqual(['summary']);
        expect(check(result, 'summary').reason).toContain('writtenBy');
    });
});

describe('verifyReceipt against other roots or policies', () => {
    it('fails orderer-signature and certificate-chains when the roots of a Raft network lack the ordering service', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct', 'raft-v2'), {
            roots: withRoots(raftRoots, 'OrdererMSP', []),
        });

        expect(failedChecks(result)).toEqual(['certificate-chains', 'orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain('the roots bundle has no root for OrdererMSP');
    });

    it('fails certificate-chains and the signatures when the roots are another network’s', async () => {
        const swapped = withRoots(roots, 'PlatformMSP', rootsOf(roots, 'BankMSP'));
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots: swapped });

        expect(failedChecks(result)).toContain('creator-signature');
        expect(failedChecks(result)).toContain('certificate-chains');
        expect(check(result, 'creator-signature').reason).toContain('not issued by any PlatformMSP root');
    });

    it('fails endorsement-policy when the policy asks for more organisations than endorsed', async () => {
        const policy = { ...policyOfBundle(roots), requiredEndorsingOrganisations: 3 };
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots, policy });

        // The witness is held to the same rule as the transaction's endorsements.
        expect(failedChecks(result)).toEqual(['endorsement-policy', 'validity-witness']);
    });

    it('takes the endorsement rule from the roots bundle: "3 of 5" there fails a receipt two organisations endorsed', async () => {
        const stricter = { ...roots, endorsementPolicy: { ...roots.endorsementPolicy, outOf: 3 } };
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots: stricter });

        // The validity witness is held to the same rule.
        expect(failedChecks(result)).toEqual(['endorsement-policy', 'validity-witness']);
        expect(check(result, 'endorsement-policy').reason).toContain('of 3 required');
    });

    it('takes channel and chaincode from the roots bundle', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct'), {
            roots: { ...roots, channel: 'other', chaincode: 'othercc' },
        });

        expect(failedChecks(result)).toEqual(['chaincode', 'channel', 'validity-witness']);
    });

    it('takes the member list from the roots bundle: a creator whose organisation left is refused', async () => {
        const members = roots.members.filter((m) => m.mspId !== 'PlatformMSP');
        const withoutPlatform = {
            ...roots,
            members,
            endorsementPolicy: { ...roots.endorsementPolicy, members: members.map((m) => m.mspId) },
        };
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots: withoutPlatform });

        expect(failedChecks(result)).toContain('creator-signature');
        expect(check(result, 'creator-signature').reason).toContain('PlatformMSP');
    });

    it('takes the ordering organisation and its role from a Raft network’s roots bundle', async () => {
        const orderers = [{ ...raftRoots.orderers[0]!, role: 'peer' as const }];
        const result = await verifyReceipt(fixtureReceipt('direct', 'raft-v2'), { roots: { ...raftRoots, orderers } });

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain('not peer');
    });

    it('fails channel and chaincode when the consortium uses another channel and chaincode', async () => {
        const policy = { ...policyOfBundle(roots), channel: 'other', chaincode: 'othercc' };
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots, policy });

        expect(failedChecks(result)).toEqual(['chaincode', 'channel', 'validity-witness']);
    });
});
