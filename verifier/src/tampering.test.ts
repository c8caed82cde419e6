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
import { fixtureDocument, fixtureReceipt, fixtureRoots } from './testing/fixtures.js';
import { outsiderCredential, signLikeFabric } from './testing/outsider.js';
import { check, failedChecks } from './testing/results.js';
import { editMetadata, openTransaction, sealTransaction, type TransactionParts } from './testing/tamper.js';
import { verifyReceipt, type VerificationResult } from './verify-receipt.js';

/*
 * Every case runs against a trust store whose signature memo already holds the genuine receipts' signatures
 * (verified in beforeAll), so these tests also prove that remembering valid signatures hides no tampering.
 */
const roots = new TrustStore(fixtureRoots(), rememberingVerifier(defaultSignatureVerifier()));
const OTHER_FINGERPRINT = `sha256:${'ab'.repeat(32)}`;

function verify(receipt: Receipt): Promise<VerificationResult> {
    return verifyReceipt(receipt, { roots });
}

beforeAll(async () => {
    for (const kind of ['direct', 'anchored'] as const) {
        expect((await verify(fixtureReceipt(kind))).ok).toBe(true);
    }
});

/** A forger's receipt: the tampered block run through the builder, so that everything but the crypto agrees. */
function rebuilt(receipt: Receipt, fingerprint = receipt.fingerprint, txId = receipt.transaction.id): Receipt {
    return buildReceipt({
        block: fromBase64(receipt.block.bytes),
        txId,
        fingerprint,
        ...(receipt.anchor ? { anchor: receipt.anchor } : {}),
        // The genuine witness goes along: it still reads the key at the transaction's height.
        ...(receipt.witness ? { witness: fromBase64(receipt.witness.envelope) } : {}),
    });
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
        // The forged value sits under the first key written, which the genuine witness does not read.
        expect(failedChecks(result)).toEqual([
            'creator-signature',
            'endorsement-policy',
            'endorsement-signatures',
            'orderer-signature',
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
        expect(failedChecks(result)).toEqual(['creator-signature', 'endorsement-policy', 'orderer-signature']);
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
        ]);
    });
});

describe('signatures by certificates outside the roots', () => {
    it('fails orderer-signature and certificate-chains for a block re-signed by an outsider orderer', async () => {
        const outsider = await outsiderCredential({
            commonName: 'orderer9.evil.example',
            organisationalUnit: 'orderer',
        });
        const receipt = fixtureReceipt('direct');
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
        const result = await verify(rebuilt(resigned));

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

    it('fails orderer-signature when the signed metadata value is changed', async () => {
        const receipt = editMetadata(fixtureReceipt('direct'), (metadata) => {
            const signatures = commonPb.Metadata.deserializeBinary(metadata[0]!);
            signatures.setValue(utf8('another last-config index'));
            metadata[0] = signatures.serializeBinary();
        });
        const result = await verify(receipt);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain('does not verify');
    });
});
