import { createHash, randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { WITNESS_READ_FUNCTION } from '@lendledger/domain';
import { orderingOf } from '@lendledger/network/roots.ts';
import { CHANNEL } from '@lendledger/network/topology.ts';
import {
    buildReceipt,
    trustStoreFor,
    verifyReceipt,
    withWitness,
    witnessEnvelopeOf,
    type CheckResult,
    type Receipt,
    type TrustStore,
    type VerificationResult,
} from '@lendledger/verifier';
import { exportRootsBundle, newNodeVerifier } from '@lendledger/verifier/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onceDiscovered } from '../support/discovery.ts';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { loanRefOf, TEST_PARTIES } from '../support/ledger-data.ts';
import { eventually, orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

/** Metadata entry of a block that holds the committing peer's validation flags, one byte per transaction. */
const TRANSACTIONS_FILTER = 2;

function checkOf(result: VerificationResult, name: string): CheckResult {
    return result.checks.find((check) => check.name === name)!;
}

/** The transaction ID inside a witness envelope. */
function witnessTxId(receipt: Receipt): string {
    const envelope = common.Envelope.deserializeBinary(Buffer.from(receipt.witness!.envelope, 'base64'));
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    return common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId();
}

function evidenceRequest(fingerprint: string, loanRef: string): string {
    return JSON.stringify({
        fingerprint,
        salted: true,
        evidenceType: 'ID_CHECK_REPORT',
        stage: 'IDENTITY_VERIFICATION',
        loanRef,
        previous: null,
        // A loan's first record binds its parties: the writing platform, the bank and the admitted product.
        parties: TEST_PARTIES,
    });
}

function fingerprintOf(label: string): string {
    return `sha256:${createHash('sha256').update(randomBytes(16)).update(label).digest('hex')}`;
}

describe('validity witnesses on the real network', () => {
    const network = testNetwork();
    let trust: TrustStore;
    let platform: GatewayClient;
    let bank: GatewayClient;
    let client: OrgConnection;

    beforeAll(async () => {
        // Every member of the test network, its second bank, second platform and arbitration commission included.
        const bundle = exportRootsBundle(network.topology.cryptoDir, {
            policy: network.topology.consortium,
            ordering: orderingOf(network.topology),
        });
        trust = trustStoreFor(bundle, newNodeVerifier());
        platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank', 'User1', ['auditor']);
        client = connectAs(orgOf(network, 'platform'));
    });

    afterAll(() => {
        client.close();
    });

    it('puts in every receipt a witness two organisations endorsed, the gateway’s own first, that was never submitted', async () => {
        const fingerprint = fingerprintOf('witnessed document');
        ok(await platform.post('/v1/evidence', JSON.parse(evidenceRequest(fingerprint, loanRefOf(uniqueName('w'))))));
        const receipt = await eventually(async () => {
            const response = await bank.get<Receipt>(`/v1/evidence/${fingerprint}/receipt`);
            return response.status === 200 ? response.body : undefined;
        }, "the bank's peer to hold the record");
        expect(receipt.format).toBe('lendledger-receipt/2');

        const result = await verifyReceipt(receipt, { roots: trust });
        const witness = checkOf(result, 'validity-witness');
        expect(witness.status, witness.reason).toBe('pass');
        expect(witness.reason).toMatch(/^peers of (\w+MSP), (\w+MSP) read /);
        expect(witness.reason).toContain('BankMSP');
        expect(witness.reason).toContain(`(block ${receipt.block.number}, entry ${receipt.transaction.index})`);

        // Endorsed, never ordered: no peer knows the witness's transaction.
        const qscc = client.gateway.getNetwork(CHANNEL).getContract('qscc');
        await expect(qscc.evaluateTransaction('GetTransactionByID', CHANNEL, witnessTxId(receipt))).rejects.toThrow();
    });

    it('proves the winner of an MVCC conflict valid and refutes the loser whose flag was forged to VALID', async () => {
        // Two registrations of the first record of one loan, endorsed before either commits: both write the same
        // record key, and the one ordered second loses the read of the loan's head.
        const loanRef = loanRefOf(uniqueName('mvcc'));
        const fingerprints = [fingerprintOf('first'), fingerprintOf('second')];
        const endorsed = await Promise.all(
            fingerprints.map((fingerprint) =>
                client.contract
                    .newProposal('Evidence:Register', { arguments: [evidenceRequest(fingerprint, loanRef)] })
                    .endorse(),
            ),
        );
        const submitted = await Promise.all(endorsed.map((transaction) => transaction.submit()));
        const statuses = await Promise.all(submitted.map((transaction) => transaction.getStatus()));
        const winner = statuses.findIndex((status) => status.successful);
        const loser = 1 - winner;
        expect(winner).toBeGreaterThanOrEqual(0);
        expect(statuses[loser]).toMatchObject({ successful: false, code: 11 }); // MVCC_READ_CONFLICT

        const qscc = client.gateway.getNetwork(CHANNEL).getContract('qscc');
        const blockOf = (index: number): Promise<Uint8Array> =>
            qscc.evaluateTransaction('GetBlockByTxID', CHANNEL, endorsed[index]!.getTransactionId());
        const forged = forgeValid(await blockOf(loser), endorsed[loser]!.getTransactionId());
        const refuted = buildReceipt({
            block: forged,
            txId: endorsed[loser]!.getTransactionId(),
            fingerprint: fingerprints[loser]!,
        });
        const proven = buildReceipt({
            block: await blockOf(winner),
            txId: endorsed[winner]!.getTransactionId(),
            fingerprint: fingerprints[winner]!,
        });
        expect(refuted.write.key).toBe(proven.write.key);

        // One witness of the key, made as a gateway makes it.
        const witness = witnessEnvelopeOf(
            (
                await onceDiscovered(() =>
                    client.contract
                        .newProposal(WITNESS_READ_FUNCTION, {
                            arguments: [proven.write.key],
                            endorsingOrganizations: ['PlatformMSP', 'CourtMSP'],
                        })
                        .endorse(),
                )
            ).getBytes(),
        );
        const winnerResult = await verifyReceipt(withWitness(proven, witness), { roots: trust });
        expect(checkOf(winnerResult, 'validity-witness').status).toBe('pass');
        const loserResult = await verifyReceipt(withWitness(refuted, witness), { roots: trust });
        expect(checkOf(loserResult, 'validation-flag').status).toBe('pass');
        const refusal = checkOf(loserResult, 'validity-witness');
        expect(refusal.status).toBe('fail');
        expect(refusal.reason).toContain(
            `at version (block ${proven.block.number}, entry ${proven.transaction.index}), not the receipt's ` +
                `(block ${refuted.block.number}, entry ${refuted.transaction.index})`,
        );
        expect(loserResult.ok).toBe(false);
    });
});

/** The block with the transaction's validation flag rewritten to VALID: metadata no signature covers. */
function forgeValid(blockBytes: Uint8Array, txId: string): Uint8Array {
    const block = common.Block.deserializeBinary(blockBytes);
    const index = block
        .getData()!
        .getDataList_asU8()
        .findIndex((entry) => {
            const payload = common.Payload.deserializeBinary(
                common.Envelope.deserializeBinary(entry).getPayload_asU8(),
            );
            return (
                common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId() === txId
            );
        });
    const metadata = block
        .getMetadata()!
        .getMetadataList_asU8()
        .map((entry) => entry.slice());
    metadata[TRANSACTIONS_FILTER]![index] = 0;
    block.getMetadata()!.setMetadataList(metadata);
    return block.serializeBinary();
}
