/**
 * Regenerates the verifier's test fixtures from the running dev network (instance "dev", ports 7000+):
 *   npm run build && node --disable-warning=ExperimentalWarning verifier/scripts/make-fixtures.ts
 *
 * As PlatformMSP's User1 it registers a document's salted fingerprint as an evidence record (a direct receipt), anchors
 * a five-leaf batch holding it with Anchor:Create (root, size and per-fingerprint index on the ledger), seals a
 * seven-leaf batch holding it as its last leaf with Anchor:Seal (root and size only). It fetches each block with qscc
 * GetBlockByTxID, builds the receipts, has PlatformMSP's and BankMSP's peers endorse (never submit) a Witness:Read of
 * each receipt's key for its validity witness, has the network's time-stamping authority date each block (SHA-256 of
 * its header's DER, as a gateway does), and copies the network's roots bundle (version 1 of lendledger-roots/3 that
 * the network signed with its five members' admin keys at start-up: certificates, CRLs, the TSA's root and
 * signatures, no private key). Registering, anchoring or sealing again
 * transaction that first wrote each. Against a network started from another checkout, set LENDLEDGER_DATA_DIR.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex, WITNESS_READ_FUNCTION } from '@lendledger/domain';
import { fingerprintLeafHash, inclusionProof, rootOfLeafHashes } from '@lendledger/domain/node';
import { CHANNEL, topologyOf } from '@lendledger/network/topology.ts';
import { tsaUrl } from '@lendledger/network/tsa/tsa-material.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import {
    blockImprint,
    buildReceipt,
    parseTimestampReply,
    TIMESTAMP_QUERY_TYPE,
    timestampQuery,
    witnessEnvelopeOf,
    withWitness,
    type AnchorProofInput,
    type Receipt,
} from '@lendledger/verifier/build';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { parseRootsBundle, policyOfBundle, serialiseRootsBundle } from '@lendledger/verifier/verify';
import {
    FIXTURE_DOCUMENT_INDEX,
    FIXTURE_SEALED_INDEX,
    FIXTURE_SEALED_SIZE,
    fixtureBatch,
    fixtureSealedBatch,
} from '../src/testing/fixture-batch.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'fixtures');

// A synthetic document: no personal data, fixed so the fixture's fingerprint is stable across regenerations.
const DOCUMENT = 'LendLedger receipt fixture. Synthetic loan contract TEST-0001; no real party is named.\n';
const SALT_HEX = '5a17c0ffee5a17c0ffee5a17c0ffee01';
const FINGERPRINT = `sha256:${createHash('sha256').update(Buffer.from(SALT_HEX, 'hex')).update(DOCUMENT).digest('hex')}`;

const topology = topologyOf('dev');
const policy = policyOfBundle(parseRootsBundle(readFileSync(rootsBundlePath(topology), 'utf8')));
const platform = topology.orgs.find((org) => org.key === 'platform')!;
const connection = connectAs(platform, 'User1');

async function submit(name: string, args: readonly string[]): Promise<{ txId: string; result: Uint8Array }> {
    const transaction = await connection.contract.newProposal(name, { arguments: [...args] }).endorse();
    const status = await (await transaction.submit()).getStatus();
    if (!status.successful) {
        throw new Error(`${name} failed validation with code ${status.code}`);
    }
    return { txId: transaction.getTransactionId(), result: transaction.getResult() };
}

async function receiptOf(txId: string, anchor?: AnchorProofInput): Promise<Receipt> {
    const qscc = connection.gateway.getNetwork(CHANNEL).getContract('qscc');
    const block = await qscc.evaluateTransaction('GetBlockByTxID', CHANNEL, txId);
    // With the bundle's policy, as a gateway builds them: the summary names each BFT consenter that signed.
    const receipt = buildReceipt({ block, txId, fingerprint: FINGERPRINT, policy, ...(anchor ? { anchor } : {}) });
    const witnessed = withWitness(receipt, await witnessOf(receipt.write.key));
    return { ...witnessed, timestamp: { token: Buffer.from(await blockToken(block)).toString('base64') } };
}

/** A validity witness as gateways make it: an endorsed read of the key by two organisations, never submitted. */
async function witnessOf(key: string): Promise<Uint8Array> {
    const proposal = connection.contract.newProposal(WITNESS_READ_FUNCTION, {
        arguments: [key],
        endorsingOrganizations: ['PlatformMSP', 'BankMSP'],
    });
    return witnessEnvelopeOf((await proposal.endorse()).getBytes());
}

/** The network TSA's token over the block's header, asked for as a gateway asks. */
async function blockToken(block: Uint8Array): Promise<Uint8Array> {
    const response = await fetch(tsaUrl(topology), {
        method: 'POST',
        headers: { 'content-type': TIMESTAMP_QUERY_TYPE },
        body: timestampQuery(blockImprint(block).sha256, { certReq: true }),
    });
    const reply = parseTimestampReply(new Uint8Array(await response.arrayBuffer()));
    if (reply.token === undefined) {
        throw new Error(`the TSA refused: ${[...reply.failures, ...reply.statusText].join('; ')}`);
    }
    return reply.token;
}

/** The document's own evidence record, registered once under a synthetic loan reference. */
async function directReceipt(): Promise<Receipt> {
    const decode = (bytes: Uint8Array): { record: { txId: string } } =>
        JSON.parse(new TextDecoder().decode(bytes)) as { record: { txId: string } };
    try {
        const known = await connection.contract.evaluateTransaction(
            'Evidence:Get',
            JSON.stringify({ id: FINGERPRINT }),
        );
        return await receiptOf(decode(known).record.txId);
    } catch (error) {
        if (!(error as Error).message.includes('EVIDENCE_NOT_FOUND')) {
            throw error;
        }
    }
    const loanRef = `loan:${createHash('sha256').update('loan receipt fixture').digest('hex')}`;
    // The loan's first record names its parties: this platform, and the bank that admits it for the product on the
    // dev network from its first up (network/topology.json, "admits").
    const parties = { bank: 'BankMSP', product: 'CONSUMER_LOAN' };
    const request = { fingerprint: FINGERPRINT, salted: true, evidenceType: 'DOC', stage: 'OTHER', loanRef, parties };
    return receiptOf((await submit('Evidence:Register', [JSON.stringify(request)])).txId);
}

/** The anchor's receipt, with the proof the chaincode's Anchor:GetProof answers, as a gateway builds it. */
async function anchoredReceipt(): Promise<Receipt> {
    const request = JSON.stringify({ fingerprints: fixtureBatch(FINGERPRINT) });
    const created = JSON.parse(new TextDecoder().decode((await submit('Anchor:Create', [request])).result)) as {
        anchor: { anchorId: string; txId: string };
    };
    const proof = JSON.parse(
        new TextDecoder().decode(
            await connection.contract.evaluateTransaction(
                'Anchor:GetProof',
                JSON.stringify({ fingerprint: FINGERPRINT, anchorId: created.anchor.anchorId }),
            ),
        ),
    ) as AnchorProofInput;
    if (proof.index !== FIXTURE_DOCUMENT_INDEX) {
        throw new Error(`the anchor holds the document at ${proof.index}, not ${FIXTURE_DOCUMENT_INDEX}`);
    }
    return receiptOf(created.anchor.txId, proof);
}

/** The sealed batch's receipt, with the proof computed here as the sealing gateway does from its leaves. */
async function sealedReceipt(): Promise<Receipt> {
    const anchor = batchAnchor(fixtureSealedBatch(FINGERPRINT), FIXTURE_SEALED_INDEX);
    const request = JSON.stringify({ root: anchor.root, size: FIXTURE_SEALED_SIZE });
    const sealed = JSON.parse(new TextDecoder().decode((await submit('Anchor:Seal', [request])).result)) as {
        batch: { txId: string };
    };
    return receiptOf(sealed.batch.txId, anchor);
}

function batchAnchor(batch: readonly string[], index: number): AnchorProofInput {
    const leaves = batch.map(fingerprintLeafHash);
    const root = toHex(rootOfLeafHashes(leaves));
    return {
        fingerprint: FINGERPRINT,
        anchorId: root,
        index,
        treeSize: batch.length,
        auditPath: inclusionProof(leaves, index).map(toHex),
        root,
    };
}

function write(name: string, text: string): void {
    writeFileSync(join(FIXTURES, name), text);
    console.log(`wrote ${join('verifier/src/fixtures', name)} (${text.length} bytes)`);
}

try {
    mkdirSync(FIXTURES, { recursive: true });
    const direct = await directReceipt();
    const anchored = await anchoredReceipt();
    const sealed = await sealedReceipt();
    write('receipt-direct.json', `${JSON.stringify(direct, null, 2)}\n`);
    write('receipt-anchored.json', `${JSON.stringify(anchored, null, 2)}\n`);
    write('receipt-sealed.json', `${JSON.stringify(sealed, null, 2)}\n`);
    write('roots.json', serialiseRootsBundle(parseRootsBundle(readFileSync(rootsBundlePath(topology), 'utf8'))));
    write('document.txt', DOCUMENT);
    write(
        'document.json',
        `${JSON.stringify({ file: 'document.txt', saltHex: SALT_HEX, fingerprint: FINGERPRINT }, null, 2)}\n`,
    );
} finally {
    connection.close();
}
