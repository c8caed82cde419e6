import { parseArgs } from 'node:util';
import { type CutOffRecord, type DealRecord, EMPTY_FRONTIER, fromHex, tapeLeaf, toHex } from '@lendledger/domain';
import { appendToFrontier, frontierRoot, leafHash, verifyInclusion } from '@lendledger/domain/node';
import { topologyOf } from '@lendledger/network/topology.ts';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import { AbsDealBook, submitAbs, submitPrivate, type TestLoan } from '../../test/support/abs-data.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { evaluateJson, evaluateWhen, saltedFingerprint } from '../../test/support/ledger-data.ts';
import { percentile } from './load.ts';

/**
 * A cut-off tape of the size of a real consumer-loan ABS (issue 15 #3; the 安逸花 2025-2 deal holds 258.7k loans)
 * through the real network: creates a deal, adds `--loans` loans in `AbsPool:AddCutOffLoans` batches of `--batch`
 * (sequential, as the chaincode requires: each batch extends the tape's frontier), cuts the pool off at the root the
 * issuer computed, then asks the investor's peer for `--proofs` inclusion proofs of random loans and verifies each
 * offline against that root. Prints the load rate, the cut-off time and the proof latencies; asserts nothing but
 * that every proof verifies.
 *
 *   node bench/src/big-tape.ts --instance test --loans 300000 --batch 500 --proofs 200
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        loans: { type: 'string', default: '300000' },
        batch: { type: 'string', default: '500' },
        proofs: { type: 'string', default: '200' },
    },
});
const loanCount = Number(values.loans);
const batchSize = Number(values.batch);
const proofCount = Number(values.proofs);

const topology = topologyOf(values.instance);
const bank = connectAs(topology.orgs.find((org) => org.key === 'bank')!);
const investor = connectAs(topology.orgs.find((org) => org.key === 'investor')!);
const dealId = `BIG-${Date.now().toString(36).toUpperCase()}`;
const book = new AbsDealBook(dealId);

/** Loan i of the tape: amounts that keep every weighted sum of 300k loans far inside the safe-integer range. */
function loan(i: number): TestLoan {
    return {
        label: `L${i}`,
        original: 20_000 + (i % 1000) * 10,
        current: 15_000 + (i % 1000) * 10,
        rateBps: 800 + (i % 1200),
        originalTerm: 12,
        remainingTerm: 1 + (i % 12),
    };
}

const seconds = (millis: number): string => (millis / 1000).toFixed(1);

try {
    await submitAbs<DealRecord>(bank.contract, 'AbsDeal:CreateDeal', dealRequest({ dealId }));
    console.log(`deal ${dealId}: ${loanCount} loans in batches of ${batchSize}`);

    let tape = EMPTY_FRONTIER;
    const started = Date.now();
    let lastReport = started;
    for (let at = 0, batch = 0; at < loanCount; at += batchSize, batch += 1) {
        const loans = Array.from({ length: Math.min(batchSize, loanCount - at) }, (_, k) => loan(at + k));
        const parts = loans.map((entry) => book.loanParts(entry));
        await submitPrivate(
            bank.contract,
            'AbsPool:AddCutOffLoans',
            { dealId, batchId: `tape-${String(batch).padStart(5, '0')}`, loans: parts.map((part) => part.row) },
            parts.map((part) => part.amounts),
        );
        tape = appendToFrontier(
            tape,
            loans.map((entry) => tapeLeaf(book.loanId(entry.label), book.loanFingerprint(entry.label))),
        );
        if (Date.now() - lastReport > 30_000 || tape.size === loanCount) {
            lastReport = Date.now();
            const elapsed = lastReport - started;
            console.log(
                `  ${tape.size} loans in ${seconds(elapsed)} s: ${((tape.size * 1000) / elapsed).toFixed(0)} loans/s`,
            );
        }
    }
    const loadMillis = Date.now() - started;
    const tapeRoot = toHex(frontierRoot(tape));

    const cutStarted = Date.now();
    const { result: cutOff } = await submitPrivate<CutOffRecord>(bank.contract, 'AbsPool:CutOffPool', {
        dealId,
        expectedLoanCount: loanCount,
        expectedTapeRoot: tapeRoot,
        tapeFingerprint: saltedFingerprint(`loan tape of ${dealId}`),
    });
    const cutOffMillis = Date.now() - cutStarted;
    if (cutOff.tapeRoot !== tapeRoot || cutOff.tapeSize !== loanCount) {
        throw new Error(`the cut-off fixed ${cutOff.tapeSize} loans at ${cutOff.tapeRoot}, not ${tapeRoot}`);
    }

    interface Proof {
        tapeIndex: number;
        tapeSize: number;
        leafHash: string;
        proof: string[];
    }
    const proofOf = (index: number): Promise<Proof> =>
        evaluateJson<Proof>(investor.contract, 'AbsPool:GetLoanProof', { dealId, loanId: book.loanId(`L${index}`) });
    // The investor's peer may commit the cut-off a moment after the bank's.
    await evaluateWhen<Proof>(
        investor.contract,
        'AbsPool:GetLoanProof',
        { dealId, loanId: book.loanId('L0') },
        () => true,
        30_000,
    );
    const samples = [
        0,
        loanCount - 1,
        ...Array.from({ length: proofCount - 2 }, () => (Math.random() * loanCount) | 0),
    ];
    const latencies: number[] = [];
    for (const index of samples) {
        const asked = performance.now();
        const proof = await proofOf(index);
        latencies.push(performance.now() - asked);
        const leaf = leafHash(tapeLeaf(book.loanId(`L${index}`), book.loanFingerprint(`L${index}`)));
        const verified =
            proof.tapeIndex === index &&
            proof.leafHash === toHex(leaf) &&
            verifyInclusion(leaf, index, loanCount, proof.proof.map(fromHex), fromHex(tapeRoot));
        if (!verified) {
            throw new Error(`the proof of tape position ${index} does not verify against ${tapeRoot}`);
        }
    }
    latencies.sort((a, b) => a - b);

    console.log(`\n| ${loanCount} loans, batches of ${batchSize} | figure |`);
    console.log('| --- | --- |');
    console.log(`| load | ${seconds(loadMillis)} s, ${((loanCount * 1000) / loadMillis).toFixed(0)} loans/s |`);
    console.log(`| cut-off | ${cutOffMillis} ms |`);
    console.log(
        `| GetLoanProof (${samples.length}, all verified offline) | p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
            `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms |`,
    );
    console.log(`| proof length | ${(await proofOf(0)).proof.length} hashes |`);
} finally {
    bank.close();
    investor.close();
}
