import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSignatureVerifier } from './crypto/default-verifier.js';
import { rememberingVerifier } from './crypto/remembering-verifier.js';
import { TrustStore } from './roots/trust-store.js';
import { sha256 } from './crypto/sha256.js';
import { blockHeaderBytes } from './decode/block-header-bytes.js';
import { decodeBlock } from './decode/block.js';
import { commonPb, mspPb, proposalResponsePb } from './testing/protos.js';
import { concatBytes, fromBase64, toHex, utf8 } from './encoding/bytes.js';
import { buildReceipt } from './receipt/build-receipt.js';
import { type Receipt } from './receipt/receipt.js';
import { blockSignaturesMetadata, withBlockSignaturesMetadata } from './testing/bft-ordering.js';
import { fixtureDocument, fixtureReceipt, fixtureRoots } from './testing/fixtures.js';
import { outsiderCredential, signLikeFabric } from './testing/outsider.js';
import { check, failedChecks } from './testing/results.js';
import { editMetadata, openTransaction, sealTransaction, type TransactionParts } from './testing/tamper.js';
import { verifyReceipt, type VerificationResult } from './verify-receipt.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createTsaCredentials, type TsaCredentials } from './timestamp/tsa-credentials.js';
import {
    headerImprint,
    testTsa,
    trustingAlso,
    withEditedToken,
    withToken,
    type TestTsa,
} from './testing/timestamp-forgery.js';

/*
 * Every case runs against a trust store whose signature memo already holds the genuine receipts' signatures
 * (verified in beforeAll), so these tests also prove that remembering valid signatures hides no tampering.
 */
const roots = new TrustStore(fixtureRoots(), rememberingVerifier(defaultSignatureVerifier()));
/** The Raft network's bundle, for the tampering only a Raft orderer's signature allows. */
const raftRoots = new TrustStore(fixtureRoots('raft-v2'), rememberingVerifier(defaultSignatureVerifier()));
const OTHER_FINGERPRINT = `sha256:${'ab'.repeat(32)}`;

function verify(receipt: Receipt, store: TrustStore = roots): Promise<VerificationResult> {
    return verifyReceipt(receipt, { roots: store });
}

beforeAll(async () => {
    for (const kind of ['direct', 'anchored'] as const) {
        expect((await verify(fixtureReceipt(kind))).ok).toBe(true);
    }
    expect((await verify(fixtureReceipt('direct', 'raft-v2'), raftRoots)).ok).toBe(true);
});

/**
 * A forger's receipt: the tampered block run through the builder, so that everything but the crypto agrees, with
 * the genuine block's time-stamp token copied over (it still dates the header when the header is left alone).
 */
function rebuilt(receipt: Receipt, fingerprint = receipt.fingerprint, txId = receipt.transaction.id): Receipt {
    const built = buildReceipt({
        block: fromBase64(receipt.block.bytes),
        txId,
        fingerprint,
        ...(receipt.anchor ? { anchor: receipt.anchor } : {}),
        // The genuine witness goes along: it still reads the key at the transaction's height.
        ...(receipt.witness ? { witness: fromBase64(receipt.witness.envelope) } : {}),
    });
    return receipt.timestamp ? { ...built, timestamp: receipt.timestamp } : built;
}

function lendledgerWrites(parts: TransactionParts): ReturnType<TransactionParts['kvsets'][number]['getWritesList']> {
    const index = parts.rwset.getNsRwsetList().findIndex((ns) => ns.getNamespace() === 'lendledger');
    return parts.kvsets[index]!.getWritesList();
}

function serializedIdentity(mspId: string, pem: string): Uint8Array {
    const identity = new mspPb.SerializedIdentity();
    identity.setMspid(mspId);
    identity.setIdBytes(utf8(pem));
    return identity.serializeBinary();
}

describe('a changed fingerprint', () => {
    it('fails fingerprint-written (and the summary) on a direct receipt', async () => {
        const result = await verify({ ...fixtureReceipt('direct'), fingerprint: OTHER_FINGERPRINT });

        expect(failedChecks(result)).toEqual(['fingerprint-written', 'summary']);
        expect(check(result, 'fingerprint-written').reason).toContain(`not ${OTHER_FINGERPRINT}`);
    });

    it('fails document-hash too when the document is presented', async () => {
        const { document, salt } = fixtureDocument();
        const receipt = { ...fixtureReceipt('direct'), fingerprint: OTHER_FINGERPRINT };
        const result = await verifyReceipt(receipt, { roots, document, salt });

        expect(failedChecks(result)).toEqual(['document-hash', 'fingerprint-written', 'summary']);
    });

    it('fails inclusion-proof on an anchored receipt', async () => {
        const result = await verify({ ...fixtureReceipt('anchored'), fingerprint: OTHER_FINGERPRINT });

        expect(failedChecks(result)).toEqual(['inclusion-proof', 'summary']);
        expect(check(result, 'inclusion-proof').reason).toContain('leaf hash');
    });
});

describe('a tampered inclusion proof', () => {
    it('fails inclusion-proof when two steps are swapped', async () => {
        const receipt = fixtureReceipt('anchored');
        const [first, second, ...rest] = receipt.anchor!.auditPath;
        const anchor = { ...receipt.anchor!, auditPath: [second!, first!, ...rest] };
        const result = await verify({ ...receipt, anchor });

        expect(failedChecks(result)).toEqual(['inclusion-proof']);
        expect(check(result, 'inclusion-proof').reason).toContain(`not to ${receipt.anchor!.root}`);
    });

    it('fails inclusion-proof when one step is changed', async () => {
        const receipt = fixtureReceipt('anchored');
        const path = [...receipt.anchor!.auditPath];
        path[1] = `${path[1]!.slice(0, -1)}${path[1]!.endsWith('0') ? '1' : '0'}`;
        const result = await verify({ ...receipt, anchor: { ...receipt.anchor!, auditPath: path } });

        expect(failedChecks(result)).toEqual(['inclusion-proof']);
    });

    it('fails inclusion-proof when a step is dropped', async () => {
        const receipt = fixtureReceipt('anchored');
        const anchor = { ...receipt.anchor!, auditPath: receipt.anchor!.auditPath.slice(1) };
        const result = await verify({ ...receipt, anchor });

        expect(failedChecks(result)).toEqual(['inclusion-proof']);
    });

    it('fails inclusion-proof and fingerprint-written when proof and root are replaced by another tree', async () => {
        const receipt = fixtureReceipt('anchored');
        const anchor = { ...receipt.anchor!, root: 'cd'.repeat(32) };
        const result = await verify({ ...receipt, anchor });

        // The summary names the root the ledger recorded, so it still says what the bytes say.
        expect(failedChecks(result)).toEqual(['fingerprint-written', 'inclusion-proof']);
    });
});

describe('a changed write value in the read-write set', () => {
    async function forgeWrite(rehashBlock: boolean): Promise<Receipt> {
        const receipt = fixtureReceipt('direct');
        const parts = openTransaction(receipt);
        const write = lendledgerWrites(parts)[0]!;
        const record = JSON.parse(new TextDecoder().decode(write.getValue_asU8())) as Record<string, unknown>;
        write.setValue(utf8(JSON.stringify({ ...record, value: OTHER_FINGERPRINT })));
        return rebuilt(await sealTransaction(receipt, parts, { rehashBlock }), OTHER_FINGERPRINT);
    }

    it('fails the endorsement, creator and orderer signatures even when the data hash is recomputed', async () => {
        const result = await verify(await forgeWrite(true));

        expect(check(result, 'fingerprint-written').status).toBe('pass');
        // The forged value sits under the first key written, which the genuine witness does not read; the
        // recomputed data hash makes a new header, which the genuine block's token does not date.
        expect(failedChecks(result)).toEqual([
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
            'orderer-signature',
            'trusted-time',
            'validity-witness',
        ]);
        expect(check(result, 'endorsement-policy').reason).toContain('0 of 2');
    });

    it('fails block-data-hash as well when the data hash is left alone', async () => {
        const result = await verify(await forgeWrite(false));

        expect(failedChecks(result)).toEqual([
            'block-data-hash',
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
            'validity-witness',
        ]);
    });
});

describe('endorsements', () => {
    it('fails endorsement-policy when an endorsement is removed', async () => {
        const receipt = fixtureReceipt('direct');
        const parts = openTransaction(receipt);
        parts.endorsed.setEndorsementsList(parts.endorsed.getEndorsementsList().slice(0, 1));
        const result = await verify(rebuilt(await sealTransaction(receipt, parts, { rehashBlock: true })));

        expect(check(result, 'endorsement-policy').status).toBe('fail');
        expect(check(result, 'endorsement-policy').reason).toMatch(/^1 of 2 required organisations endorsed validly/);
        expect(check(result, 'endorsement-signatures').status).toBe('pass');
        // The endorsements are inside the signed payload, so removing one also breaks the creator's signature.
        expect(failedChecks(result)).toEqual([
            'creator-signature',
            'endorsement-policy',
            'orderer-signature',
            'trusted-time',
        ]);
    });

    it('counts an organisation that endorsed twice once', async () => {
        const receipt = fixtureReceipt('direct');
        const parts = openTransaction(receipt);
        const [first] = parts.endorsed.getEndorsementsList();
        const copy = proposalResponsePb.Endorsement.deserializeBinary(first!.serializeBinary());
        parts.endorsed.setEndorsementsList([first!, copy]);
        const result = await verify(rebuilt(await sealTransaction(receipt, parts, { rehashBlock: true })));

        expect(check(result, 'endorsement-signatures').status).toBe('pass');
        expect(check(result, 'endorsement-policy').reason).toMatch(/^1 of 2/);
    });

    it('fails endorsement-signatures and the policy for an endorsement by a certificate outside the roots', async () => {
        const outsider = await outsiderCredential({
            commonName: 'peer0.bank.lendledger.test',
            organisationalUnit: 'peer',
        });
        const receipt = fixtureReceipt('direct');
        const parts = openTransaction(receipt);
        const forged = serializedIdentity('BankMSP', outsider.certificatePem);
        parts.endorsed.getEndorsementsList()[1]!.setEndorser(forged);
        const sealed = await sealTransaction(receipt, parts, {
            rehashBlock: true,
            signEndorsement: async (message, endorser) =>
                endorser.length === forged.length ? signLikeFabric(outsider.privateKey, message) : undefined,
        });
        const result = await verify(rebuilt(sealed));

        expect(check(result, 'endorsement-signatures').reason).toContain('not issued by any BankMSP root');
        expect(check(result, 'endorsement-policy').reason).toMatch(/^1 of 2/);
        expect(failedChecks(result)).toEqual([
            'certificate-chains',
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
            'orderer-signature',
            'trusted-time',
        ]);
    });
});

describe('signatures by certificates outside the roots', () => {
    it('fails orderer-signature and certificate-chains for a Raft block re-signed by an outsider orderer', async () => {
        const outsider = await outsiderCredential({
            commonName: 'orderer9.evil.example',
            organisationalUnit: 'orderer',
        });
        // A Raft block carries one orderer's signature header, which this forgery replaces.
        const receipt = fixtureReceipt('direct', 'raft-v2');
        const block = decodeBlock(fromBase64(receipt.block.bytes));
        const signatures = commonPb.Metadata.deserializeBinary(block.metadata[0]!);
        const signatureHeader = new commonPb.SignatureHeader();
        signatureHeader.setCreator(serializedIdentity('OrdererMSP', outsider.certificatePem));
        signatureHeader.setNonce(new Uint8Array(24));
        const headerBytes = signatureHeader.serializeBinary();
        const message = concatBytes(signatures.getValue_asU8(), headerBytes, blockHeaderBytes(block));
        const entry = signatures.getSignaturesList()[0]!;
        entry.setSignatureHeader(headerBytes);
        entry.setSignature(await signLikeFabric(outsider.privateKey, message));
        const resigned = editMetadata(receipt, (metadata) => {
            metadata[0] = signatures.serializeBinary();
        });
        const result = await verify(rebuilt(resigned), raftRoots);

        expect(failedChecks(result)).toEqual(['certificate-chains', 'orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain('not issued by any OrdererMSP root');
        expect(check(result, 'summary').status).toBe('pass');
    });

    it('fails creator-signature for a transaction re-signed by an outsider claiming PlatformMSP', async () => {
        const outsider = await outsiderCredential({
            commonName: 'User1@platform.lendledger.test',
            organisationalUnit: 'client',
        });
        const receipt = fixtureReceipt('direct');
        const parts = openTransaction(receipt);
        const creator = serializedIdentity('PlatformMSP', outsider.certificatePem);
        parts.signatureHeader.setCreator(creator);
        // A forger derives a consistent transaction ID, so that check alone would not give it away.
        const txId = toHex(sha256(parts.signatureHeader.getNonce_asU8(), creator));
        parts.channelHeader.setTxId(txId);
        const sealed = await sealTransaction(receipt, parts, {
            rehashBlock: true,
            signPayload: (payload) => signLikeFabric(outsider.privateKey, payload),
        });
        const result = await verify(rebuilt(sealed, receipt.fingerprint, txId));

        expect(check(result, 'transaction-id').status).toBe('pass');
        expect(check(result, 'creator-signature').reason).toContain('not issued by any PlatformMSP root');
        expect(check(result, 'endorsement-signatures').reason).toBe(
            'the endorsed proposal hash is not this transaction’s',
        );
        expect(failedChecks(result)).toEqual([
            'certificate-chains',
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
            'orderer-signature',
            'trusted-time',
        ]);
    });
});

describe('a block from another channel', () => {
    async function moveToChannel(rehashBlock: boolean): Promise<Receipt> {
        const receipt = fixtureReceipt('direct');
        const parts = openTransaction(receipt);
        parts.channelHeader.setChannelId('sandbox');
        return rebuilt(await sealTransaction(receipt, parts, { rehashBlock }));
    }

    it('fails channel, the creator and endorsement signatures and block-data-hash', async () => {
        const result = await verify(await moveToChannel(false));

        expect(check(result, 'channel').reason).toBe(
            'the receipt names channel sandbox, not lending; the transaction names channel sandbox, not lending; ' +
                'the block names channel sandbox, not lending',
        );
        // The orderers signed the header, which still holds the original data hash.
        expect(check(result, 'orderer-signature').status).toBe('pass');
        expect(failedChecks(result)).toEqual([
            'block-data-hash',
            'channel',
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
        ]);
    });

    it('fails orderer-signature instead of block-data-hash when the data hash is recomputed', async () => {
        const result = await verify(await moveToChannel(true));

        expect(failedChecks(result)).toEqual([
            'channel',
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
            'orderer-signature',
            'trusted-time',
        ]);
    });
});

describe('block metadata', () => {
    it('fails validation-flag when the committing peer marked the transaction invalid', async () => {
        const receipt = editMetadata(fixtureReceipt('direct'), (metadata) => {
            metadata[2] = Uint8Array.of(11);
        });
        const result = await verify(receipt);

        expect(check(result, 'validation-flag').reason).toBe('the committing peer marked it MVCC_READ_CONFLICT (11)');
        expect(failedChecks(result)).toEqual(['summary', 'validation-flag']);
    });

    it('fails orderer-signature when the signed metadata value is changed: no consenter signature counts', async () => {
        const recorded = fixtureReceipt('direct');
        const { entries } = blockSignaturesMetadata(recorded);
        const receipt = withBlockSignaturesMetadata(recorded, { value: utf8('another last-config index'), entries });
        const result = await verify(receipt);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        const reason = check(result, 'orderer-signature').reason;
        expect(reason).toMatch(/^0 of 4 consenters signed \(quorum 3\): none; not counted: /);
        expect(reason.match(/does not verify over this block's header/g)).toHaveLength(entries.length);
    });
});

describe('the time-stamp token', () => {
    const DAY = 86_400_000;
    let root: TsaCredentials;
    let trusted: TestTsa;
    let trustingTest: TrustStore;

    beforeAll(async () => {
        // A root the test trusts besides the fixture's TSA, to issue TSA certificates that break one rule each.
        root = await createTsaCredentials({ organisation: 'Test', commonName: 'Trusted Test TSA' });
        trusted = await testTsa({ commonName: 'Trusted Test TSA', issuer: root });
        trustingTest = new TrustStore(
            trustingAlso(fixtureRoots(), 'Trusted Test TSA', root.rootPem),
            defaultSignatureVerifier(),
        );
    });

    async function timeVerdict(receipt: Receipt, store = roots): Promise<{ failed: string[]; reason: string }> {
        const result = await verifyReceipt(receipt, { roots: store });
        return { failed: failedChecks(result), reason: check(result, 'trusted-time').reason };
    }

    it('passes with a token the trusted test TSA made over the header, so the failures below are the edits', async () => {
        const receipt = withToken(
            fixtureReceipt('direct'),
            await trusted.stamp(headerImprint(fixtureReceipt('direct'))),
        );
        const { failed, reason } = await timeVerdict(receipt, trustingTest);
        expect(failed).toEqual([]);
        expect(reason).toMatch(/no later than \S+, according to TSA CN=Trusted Test TSA,O=Test/);
    });

    it('fails trusted-time alone when the receipt has no token', async () => {
        const { failed, reason } = await timeVerdict({ ...fixtureReceipt('direct'), timestamp: undefined });
        expect(failed).toEqual(['trusted-time']);
        expect(reason).toMatch(/carries no time-stamp token/);
    });

    it('fails trusted-time alone when the imprint is changed', async () => {
        const forged = withEditedToken(fixtureReceipt('direct'), ({ tstInfo }) => {
            const hashed = new Uint8Array(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
            hashed[0]! ^= 1;
            tstInfo.messageImprint.hashedMessage = new asn1js.OctetString({ valueHex: hashed });
        });
        const { failed, reason } = await timeVerdict(forged);
        expect(failed).toEqual(['trusted-time']);
        expect(reason).toMatch(/imprint [0-9a-f]{64} is not the SHA-256 of block \d+'s header/);
    });

    it('fails trusted-time when the hash algorithm is swapped for a stronger or a weaker one', async () => {
        for (const [oid, refusal] of [
            ['2.16.840.1.101.3.4.2.1', /does not verify/], // SHA-256 named again: only the signature is left to fail
            ['2.16.840.1.101.3.4.2.3', /is not the SHA-512 of block/],
            ['1.3.14.3.2.26', /hashes with 1\.3\.14\.3\.2\.26, not SHA-256 or stronger/],
            ['1.2.840.113549.2.5', /not SHA-256 or stronger/],
        ] as const) {
            const forged = withEditedToken(fixtureReceipt('anchored'), ({ tstInfo }) => {
                tstInfo.messageImprint.hashAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oid });
            });
            const { failed, reason } = await timeVerdict(forged);
            expect(failed, oid).toEqual(['trusted-time']);
            expect(reason, oid).toMatch(refusal);
        }
    });

    it('fails trusted-time when genTime, the serial number, the policy or the nonce is edited', async () => {
        const edits: readonly ((tstInfo: pkijs.TSTInfo) => void)[] = [
            (t) => (t.genTime = new Date(t.genTime.getTime() - DAY)),
            (t) => (t.genTime = new Date(t.genTime.getTime() + 1000)),
            (t) => (t.serialNumber = new asn1js.Integer({ value: 7 })),
            (t) => (t.policy = '1.2.3.4'),
            (t) => (t.nonce = new asn1js.Integer({ value: 42 })),
            (t) => (t.accuracy = new pkijs.Accuracy({ seconds: 3600 })),
        ];
        for (const edit of edits) {
            const forged = withEditedToken(fixtureReceipt('sealed'), ({ tstInfo }) => edit(tstInfo));
            const { failed, reason } = await timeVerdict(forged);
            expect(failed).toEqual(['trusted-time']);
            expect(reason).toMatch(/signature over the token does not verify/);
        }
    });

    it('fails trusted-time when a byte of the signature is changed', async () => {
        const forged = withEditedToken(fixtureReceipt('direct'), ({ signedData }) => {
            const signer = signedData.signerInfos[0]!;
            const bytes = new Uint8Array(signer.signature.valueBlock.valueHexView);
            bytes[bytes.length - 1]! ^= 1;
            signer.signature = new asn1js.OctetString({ valueHex: bytes });
        });
        const { failed, reason } = await timeVerdict(forged);
        expect(failed).toEqual(['trusted-time']);
        expect(reason).toMatch(/signature over the token does not verify/);
    });

    it("fails trusted-time for another block's genuine token", async () => {
        const direct = fixtureReceipt('direct');
        const other = (['anchored', 'sealed'] as const)
            .map((kind) => fixtureReceipt(kind))
            .find((receipt) => receipt.block.number !== direct.block.number)!;
        const { failed, reason } = await timeVerdict(withToken(direct, fromBase64(other.timestamp!.token)));
        expect(failed).toEqual(['trusted-time']);
        expect(reason).toMatch(/is not the SHA-256 of block \d+'s header/);
    });

    it('fails trusted-time for a token signed under the trusted root by a certificate without the EKU', async () => {
        for (const [usage, refusal] of [
            ['absent', /has no extended key usage extension/],
            ['non-critical', /not marked critical/],
        ] as const) {
            const tsa = await testTsa({
                commonName: `TSA with ${usage} EKU`,
                extendedKeyUsage: usage,
                issuer: root,
            });
            const receipt = withToken(
                fixtureReceipt('direct'),
                await tsa.stamp(headerImprint(fixtureReceipt('direct'))),
            );
            const { failed, reason } = await timeVerdict(receipt, trustingTest);
            expect(failed, usage).toEqual(['trusted-time']);
            expect(reason, usage).toMatch(refusal);
        }
    });

    it('fails trusted-time for a TSA certificate from a CA outside the bundle, or one that signs itself', async () => {
        for (const tsa of [await testTsa({ commonName: 'Untrusted TSA' }), await testTsa({ selfSigned: true })]) {
            const receipt = withToken(
                fixtureReceipt('anchored'),
                await tsa.stamp(headerImprint(fixtureReceipt('anchored'))),
            );
            const { failed, reason } = await timeVerdict(receipt, trustingTest);
            expect(failed).toEqual(['trusted-time']);
            expect(reason).toMatch(/does not chain to a time-stamping authority of the roots/);
        }
    });

    it('fails trusted-time for a token dated outside the TSA certificate’s validity', async () => {
        const tsa = await testTsa({
            commonName: 'Not yet valid TSA',
            issuer: root,
            notBefore: new Date(Date.now() + 10 * DAY),
        });
        const receipt = withToken(fixtureReceipt('sealed'), await tsa.stamp(headerImprint(fixtureReceipt('sealed'))));
        const { failed, reason } = await timeVerdict(receipt, trustingTest);
        expect(failed).toEqual(['trusted-time']);
        expect(reason).toMatch(/was not valid at/);
    });

    it('fails trusted-time when the bundle names no time-stamping authority', async () => {
        const bundle = { ...fixtureRoots(), timestampAuthorities: [] };
        const { failed, reason } = await timeVerdict(
            fixtureReceipt('direct'),
            new TrustStore(bundle, defaultSignatureVerifier()),
        );
        expect(failed).toEqual(['trusted-time']);
        expect(reason).toMatch(/names no time-stamping authority/);
    });
});
