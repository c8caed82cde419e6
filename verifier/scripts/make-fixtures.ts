/**
 * Regenerates the verifier's test fixtures from the running dev network (instance "dev", ports 7000+):
 *   npm run build && node --disable-warning=ExperimentalWarning verifier/scripts/make-fixtures.ts
 *
 * It writes two probe records as PlatformMSP's User1 — one holding a document's salted fingerprint, one holding
 * the RFC 9162 root of a small batch that contains it — fetches each block with qscc GetBlockByTxID, builds the
 * receipts, and exports the roots bundle (signing-CA certificates only; no private key leaves the crypto folder).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprintLeafHash, inclusionProof, rootOfLeafHashes, toHex } from '@lendledger/domain';
import { CHANNEL, topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { buildReceipt, type AnchorProofInput, type Receipt } from '@lendledger/verifier/build';
import { exportRootsBundle } from '@lendledger/verifier/node';
import { serialiseRootsBundle } from '@lendledger/verifier/verify';
import { FIXTURE_BATCH_SIZE, FIXTURE_DOCUMENT_INDEX, fixtureBatch } from '../src/testing/fixture-batch.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'fixtures');

// A synthetic document: no personal data, fixed so the fixture's fingerprint is stable across regenerations.
const DOCUMENT = 'LendLedger receipt fixture. Synthetic loan contract TEST-0001; no real party is named.\n';
const SALT_HEX = '5a17c0ffee5a17c0ffee5a17c0ffee01';
const FINGERPRINT = `sha256:${createHash('sha256').update(Buffer.from(SALT_HEX, 'hex')).update(DOCUMENT).digest('hex')}`;

const topology = topologyOf('dev');
const platform = topology.orgs.find((org) => org.key === 'platform')!;
const connection = connectAs(platform, 'User1');

async function probeReceipt(name: string, value: string, anchor?: AnchorProofInput): Promise<Receipt> {
    const transaction = await connection.contract.newProposal('Probe:Put', { arguments: [name, value] }).endorse();
    const status = await (await transaction.submit()).getStatus();
    if (!status.successful) {
        throw new Error(`Probe:Put ${name} failed validation with code ${status.code}`);
    }
    const txId = transaction.getTransactionId();
    const qscc = connection.gateway.getNetwork(CHANNEL).getContract('qscc');
    const block = await qscc.evaluateTransaction('GetBlockByTxID', CHANNEL, txId);
    return buildReceipt({ block, txId, fingerprint: FINGERPRINT, ...(anchor ? { anchor } : {}) });
}

function batchAnchor(): AnchorProofInput {
    const leaves = fixtureBatch(FINGERPRINT).map(fingerprintLeafHash);
    const root = toHex(rootOfLeafHashes(leaves));
    return {
        fingerprint: FINGERPRINT,
        anchorId: root,
        index: FIXTURE_DOCUMENT_INDEX,
        treeSize: FIXTURE_BATCH_SIZE,
        auditPath: inclusionProof(leaves, FIXTURE_DOCUMENT_INDEX).map(toHex),
        root,
    };
}

function write(name: string, text: string): void {
    writeFileSync(join(FIXTURES, name), text);
    console.log(`wrote ${join('verifier/src/fixtures', name)} (${text.length} bytes)`);
}

try {
    mkdirSync(FIXTURES, { recursive: true });
    const anchor = batchAnchor();
    const direct = await probeReceipt('receipt-fixture-direct', FINGERPRINT);
    const anchored = await probeReceipt('receipt-fixture-anchored', anchor.root, anchor);
    write('receipt-direct.json', `${JSON.stringify(direct, null, 2)}\n`);
    write('receipt-anchored.json', `${JSON.stringify(anchored, null, 2)}\n`);
    write('roots.json', serialiseRootsBundle(exportRootsBundle(topology.cryptoDir, { network: 'lendledger dev' })));
    write('document.txt', DOCUMENT);
    write(
        'document.json',
        `${JSON.stringify({ file: 'document.txt', saltHex: SALT_HEX, fingerprint: FINGERPRINT }, null, 2)}\n`,
    );
} finally {
    connection.close();
}
