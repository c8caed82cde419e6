import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Contract } from '@hyperledger/fabric-gateway';
import {
    checkTapePage,
    type CutOffRecord,
    type PartnerList,
    EMPTY_FRONTIER,
    fromHex,
    tapeLeaf,
    type TapePage,
    toHex,
} from '@lendledger/domain';
import { appendToFrontier, frontierRoot, leafHash, sha256, verifyInclusion } from '@lendledger/domain/node';
import { topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { connectChainWriters, registerLoanChains } from '../../test/support/loan-chains.ts';
import {
    evaluateJson,
    evaluateWhen,
    saltedFingerprint,
    submitFresh,
    submitJson,
    withDetails,
} from '../../test/support/ledger-data.ts';
import { percentile } from './load.ts';

/**
 * A cut-off tape of the size of a real consumer-loan ABS (issue 15 #3; the 安逸花 2025-2 deal holds 258.7k loans)
 * through the real network: creates a deal, registers each loan's pool-entry evidence chain (test/support/loan-chains.ts:
 * consent, credit authorization and contract, credit inquiry, credit decision and disbursement; a pool takes no loan
 * without), a batch ahead of the tape, adds `--loans` loans in `AbsPool:AddCutOffLoans` batches of `--batch`
 * (sequential, as the chaincode requires: each batch extends the tape's frontier), cuts the pool off at the root the
 * issuer computed, then asks the investor's peer for `--proofs` inclusion proofs of random loans and verifies each
 * offline against that root. With `--export`, the investor then exports the whole tape page by page
 * (`AbsPool:ExportTape`, `--page` loans a page, amounts included) and every page is verified offline against the
 * root and checked to hold the issuer's loans in tape order. Prints the load rate, the cut-off time, the proof
 * latencies and the export rate; asserts nothing but that every proof and page verifies.
 *
 * The deal's account bank is a second bank, Bank2MSP: the test instance has one; the development network gains one
 * with `./scripts/network.sh add-org bank2 Bank2MSP bank`. The 300k figures of the README were taken on the
 * development network so extended (six peers, where the test instance runs nine on the same two cores):
 *
 *   node bench/src/big-tape.ts --instance dev --loans 300000 --batch 500 --proofs 200 --export --page 1024
 */
const { values } = parseArgs({
    options: {
        // An instance with a second bank, Bank2MSP, the deal's account bank.
        instance: { type: 'string', default: 'test' },
        loans: { type: 'string', default: '300000' },
        batch: { type: 'string', default: '500' },
        proofs: { type: 'string', default: '200' },
        export: { type: 'boolean', default: false },
        page: { type: 'string', default: '1024' },
        // Batches whose evidence chains are registered at once, ahead of the tape.
        'chains-in-flight': { type: 'string', default: '2' },
        // Continues the tape of a deal an earlier run created (its cut-off not yet made), after the loans it holds.
        resume: { type: 'string' },
    },
});
/** The deal's account bank: CreateDeal requires a member with the bank role other than the issuer. */
const ACCOUNT_BANK = 'Bank2MSP';
const loanCount = Number(values.loans);
const batchSize = Number(values.batch);
const proofCount = Number(values.proofs);
const pageSize = Number(values.page);
const chainsInFlight = Number(values['chains-in-flight']);
if (!Number.isSafeInteger(chainsInFlight) || chainsInFlight < 1) {
    console.error(`--chains-in-flight takes a positive whole number, not ${values['chains-in-flight']}`);
    process.exit(2);
}

const topology = topologyOf(values.instance);
if (!topology.orgs.some((org) => org.mspId === ACCOUNT_BANK)) {
    console.error(
        `the ${values.instance} network has no ${ACCOUNT_BANK}, the deal's account bank: ` +
            `add it with ./scripts/network.sh add-org bank2 ${ACCOUNT_BANK} bank --instance ${values.instance}`,
    );
    process.exit(2);
}
const bankOrg = topology.orgs.find((org) => org.key === 'bank')!;
const bank = connectAs(bankOrg);
const chainWriters = connectChainWriters(
    topology.orgs.find((org) => org.key === 'platform')!,
    bankOrg,
);
const investor = connectAs(topology.orgs.find((org) => org.key === 'investor')!);
const dealId = values.resume ?? `BIG-${Date.now().toString(36).toUpperCase()}`;
// The issuer's pseudonyms and fingerprints, unique to this run. (The chaincode's test harness, which the suites use,
// is a CommonJS package's TypeScript that plain Node cannot load.) A loan's row fingerprint is a function of its
// label, so the issuer recomputes the root from labels alone.
const ids = {
    loanId: (label: string): string => `ln_${saltedFingerprint(`${dealId} ${label}`).slice('sha256:'.length)}`,
    loanRef: (label: string): string =>
        `loan:${saltedFingerprint(`${dealId} evidence ${label}`).slice('sha256:'.length)}`,
    tapeFingerprint: (label: string): string =>
        `sha256:${toHex(leafHash(new TextEncoder().encode(`${dealId} row ${label}`)))}`,
};
const loanRefs = new Map<string, string>();
/** A loan's evidence reference, the same every time: its chain is registered before its tape row names it. */
const loanRefOf = (label: string): string => {
    let ref = loanRefs.get(label);
    if (ref === undefined) {
        ref = ids.loanRef(label);
        loanRefs.set(label, ref);
    }
    return ref;
};
const loanIds = new Map<string, string>();
const loanIdOf = (label: string): string => {
    let id = loanIds.get(label);
    if (id === undefined) {
        id = ids.loanId(label);
        loanIds.set(label, id);
    }
    return id;
};
const leafOf = (label: string): Uint8Array => tapeLeaf(loanIdOf(label), ids.tapeFingerprint(label));
/**
 * The label of tape position i. A resumed run gives the positions it adds other labels than the earlier run's (R, not
 * L): the earlier run may have registered some of those loans' chains, and a loan's consent is recorded only once.
 */
let resumedAt = Number.POSITIVE_INFINITY;
const labelOf = (i: number): string => (i >= resumedAt ? `R${i}` : `L${i}`);

/** Milliseconds spent endorsing and ordering (submitAsync) and then waiting for the commit, summed over the load. */
const phases = { endorse: 0, commit: 0 };

/** Submits a write endorsed by the deal's parties (the peers holding its amounts) and waits for its commit. */
async function submitToParties<T>(contract: Contract, name: string, request: unknown, amounts?: unknown): Promise<T> {
    const proposal = {
        arguments: [JSON.stringify(request)],
        ...(amounts === undefined
            ? {}
            : { transientData: { loans: new TextEncoder().encode(JSON.stringify(amounts)) } }),
        endorsingOrganizations: ['BankMSP', 'InvestorMSP'],
    };
    // Up to 80 attempts (20 s): on a saturated machine gossip may take a peer for dead for about ten seconds.
    return withDetails(
        submitFresh(
            async () => {
                const asked = performance.now();
                const submitted = await contract.submitAsync(name, proposal);
                const endorsed = performance.now();
                const status = await submitted.getStatus();
                phases.endorse += endorsed - asked;
                phases.commit += performance.now() - endorsed;
                if (!status.successful) {
                    throw new Error(`${name} ${status.transactionId} failed validation with code ${status.code}`);
                }
                return JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')) as T;
            },
            2,
            80,
        ),
    );
}

/** Loan i of the tape: its public row and its transient amounts, which keep every weighted sum of 300k loans small. */
function loanParts(i: number): { row: Record<string, unknown>; amounts: Record<string, unknown> } {
    const label = labelOf(i);
    return {
        row: {
            loanId: loanIdOf(label),
            loanRef: loanRefOf(label),
            fingerprint: ids.tapeFingerprint(label),
            rateBps: 800 + (i % 1200),
            originalTerm: 12,
            remainingTerm: 1 + (i % 12),
            status: 'CURRENT',
            daysPastDue: 0,
        },
        amounts: {
            loanId: loanIdOf(label),
            originalPrincipal: 20_000 + (i % 1000) * 10,
            currentPrincipal: 15_000 + (i % 1000) * 10,
            salt: randomBytes(32).toString('hex'),
        },
    };
}

/** A revolving deal of BankMSP held by InvestorMSP, its names and documents only fingerprints. */
function dealRequest(): Record<string, unknown> {
    return {
        dealId,
        investors: ['InvestorMSP'],
        // A second bank keeps the deal's account (CreateDeal requires a bank other than the issuer).
        accountBankMspId: ACCOUNT_BANK,
        nameFingerprint: saltedFingerprint(`deal name of ${dealId}`),
        revolving: true,
        parties: [
            { role: 'ORIGINATOR', nameFingerprint: saltedFingerprint('originator'), mspId: 'BankMSP' },
            { role: 'TRUSTEE', nameFingerprint: saltedFingerprint('trustee') },
        ],
        dates: {
            cutOffDate: '2026-01-31',
            closingDate: '2026-02-10',
            firstPaymentDate: '2026-03-26',
            revolvingEndDate: '2026-08-31',
            legalMaturityDate: '2029-12-26',
        },
        tranches: [
            { trancheId: 'A', originalBalance: 4_000_000_000, rank: 1, couponBps: 280, rating: 'AAA' },
            { trancheId: 'SUB', originalBalance: 1_000_000_000, rank: 2, couponBps: 0 },
        ],
        definitions: { defaultDaysPastDue: 91, cumulativeBasis: 'INITIAL_BALANCE', cleanUpThresholdPpm: 100_000 },
        triggers: [],
        documents: [{ type: 'PROSPECTUS', fingerprint: saltedFingerprint(`prospectus of ${dealId}`) }],
    };
}

const seconds = (millis: number): string => (millis / 1000).toFixed(1);

/**
 * Exports the whole tape as the investor, one page after another (each page's `nextIndex` is the next request), and
 * verifies every page offline against the root the issuer computed, and that it holds the issuer's loans in order.
 */
async function exportTape(
    tapeRoot: string,
): Promise<{ pages: number; millis: number; latencies: number[]; verifyMillis: number }> {
    const anchor = { dealId, tapeRoot, tapeSize: loanCount, expectAmounts: true };
    const latencies: number[] = [];
    let verifyMillis = 0;
    let fromIndex: number | null = 0;
    const started = performance.now();
    while (fromIndex !== null) {
        const asked = performance.now();
        const page: TapePage = await evaluateJson<TapePage>(investor.contract, 'AbsPool:ExportTape', {
            dealId,
            fromIndex,
            pageSize,
        });
        latencies.push(performance.now() - asked);
        const checking = performance.now();
        const { failures } = checkTapePage(page, anchor, sha256);
        const misplaced = page.entries.findIndex((entry, i) => entry.loan.loanId !== loanIdAt(fromIndex! + i));
        verifyMillis += performance.now() - checking;
        if (failures.length > 0 || misplaced !== -1) {
            throw new Error(`the page at ${fromIndex} does not verify: ${JSON.stringify(failures)} ${misplaced}`);
        }
        fromIndex = page.nextIndex;
    }
    const millis = performance.now() - started;
    latencies.sort((a, b) => a - b);
    return { pages: latencies.length, millis, latencies, verifyMillis };
}

/**
 * The bank admits the platform for the loans' product (名单制), which every consent and evidence record of the chains
 * needs: the test instance declares no admissions, so a fresh one has none. Admitting again while one is in force adds
 * an overlapping admission and changes nothing else. Waits until the platform's peer, which endorses the consents
 * first, holds it.
 */
async function admitPlatform(): Promise<void> {
    const platform = topology.orgs.find((org) => org.key === 'platform')!;
    await submitJson(bank.contract, 'Admission:Admit', {
        platform: platform.mspId,
        products: ['CONSUMER_LOAN'],
        validUntil: '2099-12-31T00:00:00.000Z',
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
        // The bank's partners as the platform's peer answers them (plain Node cannot load abs-data's evaluateOn).
        const bytes = await bank.contract.evaluate('Admission:ListPartners', {
            arguments: ['{}'],
            endorsingOrganizations: [platform.mspId],
        });
        const seen = JSON.parse(Buffer.from(bytes).toString('utf8')) as PartnerList;
        if (seen.admissions.some((view) => view.admission.platform === platform.mspId && view.inForce)) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`${platform.mspId}'s peer does not show the bank's admission of it after 20 s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}

/** The loan IDs and leaves of the positions an earlier run loaded (a resumed run's), in tape order. */
const earlier: { loanIds: string[]; leaves: Uint8Array[] } = { loanIds: [], leaves: [] };
const loanIdAt = (i: number): string => earlier.loanIds[i] ?? loanIdOf(labelOf(i));
const leafAt = (i: number): Uint8Array => earlier.leaves[i] ?? leafOf(labelOf(i));

/** The deal's tape as the chaincode stores it (its size and frontier), read at the bank's peer. */
async function storedTape(): Promise<{ size: number; frontier: string[] }> {
    const view = await evaluateJson<{ pool: { tape: { size: number; frontier: string[] } } }>(
        bank.contract,
        'AbsPool:GetPool',
        { dealId },
    );
    return view.pool.tape;
}

/**
 * The tape an earlier run loaded, for a resumed run. That run's loan IDs were salted in its own memory, so they are
 * read back from the deal's loan records (`AbsPool:ListLoans`, each with its tape position), every position from 0
 * to the tape's size exactly once, and the frontier rebuilt from them must be the one the chaincode stored: the root
 * the proofs and the export are checked against covers them, but they are the ledger's, not this run's, figures.
 */
async function tapeSoFar(): Promise<typeof EMPTY_FRONTIER> {
    const { size, frontier } = await storedTape();
    if (size % batchSize !== 0) {
        throw new Error(`${dealId} holds ${size} loans, not a whole number of batches of ${batchSize}`);
    }
    const loanIds = new Array<string | undefined>(size);
    let bookmark = '';
    do {
        const page = await evaluateJson<{
            items: { loanId: string; fingerprint: string; tapeIndex?: number }[];
            bookmark: string;
        }>(bank.contract, 'AbsPool:ListLoans', { dealId, pageSize: 1000, ...(bookmark ? { bookmark } : {}) });
        for (const loan of page.items) {
            const at = loan.tapeIndex;
            if (at === undefined || at >= size || loanIds[at] !== undefined) {
                throw new Error(`${dealId}'s loan ${loan.loanId} has tape position ${at}, unknown or taken`);
            }
            loanIds[at] = loan.loanId;
            earlier.leaves[at] = tapeLeaf(loan.loanId, loan.fingerprint);
        }
        bookmark = page.bookmark;
    } while (bookmark !== '');
    if (loanIds.includes(undefined)) {
        throw new Error(`${dealId}'s loan records do not cover every tape position below ${size}`);
    }
    earlier.loanIds = loanIds as string[];
    const tape = appendToFrontier(EMPTY_FRONTIER, earlier.leaves);
    if (JSON.stringify(tape.frontier) !== JSON.stringify(frontier)) {
        throw new Error(`the loan records of ${dealId} do not rebuild the tape frontier the chaincode stored`);
    }
    return tape;
}

/** The gRPC status Fabric's gateway peer answers when too few orderers took a transaction. */
const UNAVAILABLE = 14;

/** How long a batch whose submission failed is looked for on the ledger before the failure stands. */
const COMMITTED_ANYWAY_MS = 30_000;

/**
 * Called when a tape batch's submission failed: resolves if the batch is on the ledger all the same, with the
 * frontier `expected` (this batch appended), else rethrows `error`. BFT orderers answer a copy of a transaction
 * they already hold with "request already processed", which Fabric's gateway peer reports as UNAVAILABLE although
 * the transaction commits; two of the 300,000-loan run's loads ended so. (The REST gateway asks the commit status
 * after any failed send; a client that submits through the Fabric gateway itself must look, as here.)
 */
async function committedAnyway(error: unknown, expected: typeof EMPTY_FRONTIER): Promise<void> {
    // Only a submission the orderers may have taken (gRPC UNAVAILABLE) is looked for; a refusal stands at once.
    // withDetails wraps the client's error, which it keeps as the cause.
    const failure = error as { code?: unknown; cause?: { code?: unknown } };
    if ((failure.code ?? failure.cause?.code) !== UNAVAILABLE) {
        throw error;
    }
    const deadline = Date.now() + COMMITTED_ANYWAY_MS;
    while (Date.now() < deadline) {
        const stored = await storedTape().catch(() => undefined);
        if (stored && stored.size >= expected.size) {
            if (
                stored.size === expected.size &&
                JSON.stringify(stored.frontier) === JSON.stringify(expected.frontier)
            ) {
                console.log(
                    `  the batch ending at ${expected.size} committed although its submission failed: ${String(error)}`,
                );
                return;
            }
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    throw error;
}

try {
    let tape = EMPTY_FRONTIER;
    if (values.resume === undefined) {
        await admitPlatform();
        await submitToParties(bank.contract, 'AbsDeal:CreateDeal', dealRequest());
    } else {
        tape = await tapeSoFar();
        resumedAt = tape.size;
    }
    const firstBatch = tape.size / batchSize;
    console.log(
        `deal ${dealId}: ${loanCount} loans in batches of ${batchSize}` +
            (firstBatch > 0 ? `, resumed after the ${tape.size} it holds` : ''),
    );

    // The chains of up to `chainsInFlight` batches are registered at once, ahead of the tape; each batch's chains
    // start when the chains `chainsInFlight` batches before them are done, and the tape waits for its batch's chains.
    // Batch k's labels, for the batches this run adds (windows[k - firstBatch]).
    const windows = Array.from({ length: Math.ceil(loanCount / batchSize) - firstBatch }, (_, n) =>
        Array.from({ length: Math.min(batchSize, loanCount - (firstBatch + n) * batchSize) }, (_, k) =>
            labelOf((firstBatch + n) * batchSize + k),
        ),
    );
    let chainMillis = 0;
    let chainsDoneAt = Date.now();
    const chainsOf: Promise<void>[] = [];
    for (const [batch, window] of windows.entries()) {
        const after = batch >= chainsInFlight ? chainsOf[batch - chainsInFlight]! : Promise.resolve();
        chainsOf.push(
            after.then(async () => {
                const cost = await registerLoanChains(chainWriters, window.map(loanRefOf), { loansPerTx: 500 });
                chainMillis += cost.millis;
                chainsDoneAt = Date.now();
            }),
        );
    }
    // A failed registration is reported where the tape waits for it.
    chainsOf.forEach((done) => done.catch(() => undefined));

    const added = (size: number): number => size - firstBatch * batchSize;
    const started = Date.now();
    let lastReport = started;
    for (let at = tape.size, batch = firstBatch; at < loanCount; at += batchSize, batch += 1) {
        const indices = Array.from({ length: Math.min(batchSize, loanCount - at) }, (_, k) => at + k);
        const parts = indices.map(loanParts);
        await chainsOf[batch - firstBatch];
        const next = appendToFrontier(tape, indices.map(leafAt));
        await submitToParties(
            bank.contract,
            'AbsPool:AddCutOffLoans',
            { dealId, batchId: `tape-${String(batch).padStart(4, '0')}`, loans: parts.map((part) => part.row) },
            parts.map((part) => part.amounts),
        ).catch((error: unknown) => committedAnyway(error, next));
        tape = next;
        if (Date.now() - lastReport > 30_000 || tape.size === loanCount) {
            lastReport = Date.now();
            const elapsed = lastReport - started;
            console.log(
                `  ${tape.size} loans, ${added(tape.size)} this run in ${seconds(elapsed)} s: ` +
                    `${((added(tape.size) * 1000) / elapsed).toFixed(0)} loans/s`,
            );
        }
    }
    const loadMillis = Date.now() - started;
    const batches = Math.ceil(loanCount / batchSize) - firstBatch;
    const perBatch = `${(phases.endorse / batches).toFixed(0)} ms endorsing, ${(phases.commit / batches).toFixed(0)} ms to commit`;
    const tapeRoot = toHex(frontierRoot(tape));

    const cutStarted = Date.now();
    const cutOff = await submitToParties<CutOffRecord>(bank.contract, 'AbsPool:CutOffPool', {
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
        evaluateJson<Proof>(investor.contract, 'AbsPool:GetLoanProof', { dealId, loanId: loanIdAt(index) });
    // The investor's peer may commit the cut-off a moment after the bank's.
    await evaluateWhen<Proof>(
        investor.contract,
        'AbsPool:GetLoanProof',
        { dealId, loanId: loanIdAt(0) },
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
        const leaf = leafHash(leafAt(index));
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
    console.log(
        `| load of ${added(loanCount)} loans${firstBatch > 0 ? ` (after the ${firstBatch * batchSize} an earlier run loaded)` : ''}, ` +
            `evidence chains included | ${seconds(loadMillis)} s, ${((added(loanCount) * 1000) / loadMillis).toFixed(0)} loans/s |`,
    );
    console.log(
        `| evidence chains (4 transactions per 500 loans, ${chainsInFlight} batches at once, ahead of the tape) | ` +
            `done ${seconds(chainsDoneAt - started)} s after the load began; ${seconds(chainMillis)} s summed over batches |`,
    );
    console.log(`| one batch (sequential: each extends the tape's frontier) | ${perBatch} |`);
    console.log(`| cut-off | ${cutOffMillis} ms |`);
    console.log(
        `| GetLoanProof (${samples.length}, all verified offline) | p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
            `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms |`,
    );
    console.log(`| proof length | ${(await proofOf(0)).proof.length} hashes |`);
    if (values.export) {
        const exported = await exportTape(tapeRoot);
        console.log(
            `| ExportTape, ${pageSize} loans a page with amounts (${exported.pages} pages, each verified offline) | ` +
                `${seconds(exported.millis)} s: ${((exported.pages * 1000) / exported.millis).toFixed(1)} pages/s, ` +
                `${((loanCount * 1000) / exported.millis).toFixed(0)} loans/s; page p50 ` +
                `${percentile(exported.latencies, 50).toFixed(0)} ms, p99 ${percentile(exported.latencies, 99).toFixed(0)} ms |`,
        );
        console.log(`| offline verification of the export | ${exported.verifyMillis.toFixed(0)} ms |`);
    }
} finally {
    bank.close();
    investor.close();
    chainWriters.close();
}
