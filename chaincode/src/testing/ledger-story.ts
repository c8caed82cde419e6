import { createHash } from 'node:crypto';
import { fingerprintLeaf, toHex } from '@lendledger/domain';
import { fingerprintTreeRoot, merkleRoot } from '@lendledger/domain/node';
import {
    dealRequest,
    fingerprint,
    loanParts,
    loanRef,
    rowParts,
    transientMap,
    withStub,
} from '../abs/testing/abs-harness.js';
import { AbsDriver, rollForward } from '../abs/testing/abs-driver.js';
import { ABS_TEST_MEMBERS, ACCOUNT_BANK } from '../abs/testing/abs-ledger.js';
import { chainCalls } from '../abs/testing/loan-chain-requests.js';
import {
    SAMPLE_LOANS as CUT_OFF_LOANS,
    SAMPLE_PERIOD_1_ROWS as PERIOD_1_ROWS,
    SAMPLE_PURCHASE as PURCHASED,
} from '../abs/testing/sample-pool.js';
import { ADMINS, MemoryLedger, USERS, type Invocation, type TestIdentity } from './memory-ledger.js';
import { caseFiling, consentRecording, creditInquiry, fp } from './sample-requests.js';
import { transactionFunctions, type TransactionFunction } from './transaction-functions.js';

/**
 * One valid story through every write function of the chaincode, in an order the rules accept: a probe, consents,
 * an evidence chain with a correction and a withdrawal, anchors, cases through the court's moves, attestations, and
 * an ABS deal from structuring to its second period. Tests replay it to get a ledger with data behind every query,
 * and take each step's request as the valid request that one change must turn into a refusal.
 */

/** A JSON value as a request holds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One call of the story, its request already built. */
export interface StoryCall {
    readonly contractName: string;
    readonly fn: string;
    readonly caller: TestIdentity;
    /** The JSON request, or the arguments themselves for a function that takes several strings (Probe:Put). */
    readonly request: Json;
    readonly positional: boolean;
    /** The transaction's transient map, each value JSON-encoded. */
    readonly transient?: { readonly [key: string]: Json };
}

/** A step of the story: a call, or how to build it from what the ledger holds by then. */
export type StoryStep = StoryCall | ((ledger: MemoryLedger) => Promise<StoryCall>);

const sha = (label: string): string => createHash('sha256').update(label).digest('hex');

export const STORY_START = '2026-02-01T08:00:00.000Z';
export const STORY_LOAN = `loan:${sha('story loan')}`;
export const STORY_OTHER_LOAN = `loan:${sha('story other loan')}`;
export const STORY_SUBJECT = `subj:${sha('story subject')}`;
export const STORY_DEAL = 'DEAL-2026-1';
/** The product the story's bank admits the story's platform for, and its loans are made under. */
export const STORY_PRODUCT = 'CONSUMER_LOAN';

const CASE_PACKAGE = [fp('authorization'), fp('contract'), fp('disbursement'), fp('notice')];
const SEALED_ROOT = toHex(merkleRoot([fp('sealed 1'), fp('sealed 2')].map(fingerprintLeaf)));

function call(
    contractName: string,
    fn: string,
    caller: TestIdentity,
    request: Json,
    extra: Readonly<{ transient?: { [key: string]: Json }; positional?: boolean }> = {},
): StoryCall {
    return { contractName, fn, caller, request, positional: extra.positional ?? false, ...extra };
}

function consent(consentId: string, extra: { [key: string]: Json } = {}): StoryCall {
    return call('Consent', 'Record', USERS.platform, consentRecording(consentId, STORY_SUBJECT, extra));
}

function record(label: string, stage: string, extra: { [key: string]: Json } = {}): { [key: string]: Json } {
    return {
        fingerprint: fp(label),
        salted: true,
        evidenceType: 'DOC',
        stage,
        loanRef: STORY_LOAN,
        metadataFingerprint: fp(`${label} metadata`),
        ...extra,
    };
}

function filing(caseId: string): { [key: string]: Json } {
    return caseFiling(caseId, STORY_LOAN, CASE_PACKAGE);
}

function courtMove(fn: string, caseId: string): StoryCall {
    return call('Case', fn, USERS.court, {
        caseId,
        documentFingerprint: fp(`${fn} ${caseId}`),
        reasonCode: `${fn.toUpperCase()}_GROUNDS`,
    });
}

/** A loan batch as the ABS functions take it: public rows in the request, amounts in transient `loans`. */
function loanBatch(parts: readonly { row: Record<string, unknown>; amounts: Record<string, unknown> }[]) {
    return {
        rows: parts.map((part) => part.row as { [key: string]: Json }),
        transient: { loans: parts.map((part) => part.amounts as { [key: string]: Json }) },
    };
}

function absCall(fn: string, request: { [key: string]: Json }, transient?: { [key: string]: Json }): StoryCall {
    const contractName = ['CreateDeal', 'TransitionDeal', 'SetInvestors'].includes(fn)
        ? 'AbsDeal'
        : ['AddCutOffLoans', 'CutOffPool', 'PurchaseLoans'].includes(fn)
          ? 'AbsPool'
          : 'AbsReport';
    return call(contractName, fn, USERS.bank, { dealId: STORY_DEAL, ...request }, transient ? { transient } : {});
}

/** The story, step by step. */
export function storySteps(): StoryStep[] {
    const cutOff = loanBatch(CUT_OFF_LOANS.map((loan) => loanParts(loan)));
    const rows = loanBatch(PERIOD_1_ROWS.map((row) => rowParts(row, 1)));
    const purchased = loanBatch([loanParts(PURCHASED)]);
    return [
        call('Registry', 'Bootstrap', USERS.platform, {
            // The five development members and the deal's account bank, a second bank as on the test instance.
            members: ABS_TEST_MEMBERS.map((member) => ({ mspId: member.mspId, roles: [...member.roles] })),
        }),
        call('Admission', 'Admit', USERS.bank, {
            platform: 'PlatformMSP',
            products: [STORY_PRODUCT, 'CAR_LOAN'],
            validUntil: '2027-01-31T00:00:00.000Z',
        }),
        call('Probe', 'Put', USERS.platform, ['probe-1', 'ok'], { positional: true }),
        consent('CN-2026-0001'),
        consent('CN-2026-0002', { supersedes: 'CN-2026-0001' }),
        call(
            'Evidence',
            'Register',
            USERS.platform,
            record('authorization', 'CREDIT_AUTHORIZATION', {
                consentId: 'CN-2026-0002',
                parties: { bank: 'BankMSP', product: STORY_PRODUCT },
            }),
        ),
        // The bank's credit inquiry on the loan, which its disbursement below requires.
        call(
            'Consent',
            'Use',
            USERS.bank,
            creditInquiry('CN-2026-0002', STORY_LOAN, { inquiryFingerprint: fp('inquiry') }),
        ),
        call('Evidence', 'RegisterBatch', USERS.platform, {
            items: [record('contract', 'CONTRACT_SIGNING', { previous: fp('authorization') })],
        }),
        call('Evidence', 'RegisterBatch', USERS.bank, {
            items: [
                record('credit decision', 'CREDIT_DECISION', { previous: fp('contract') }),
                record('disbursement', 'DISBURSEMENT', { previous: fp('credit decision') }),
                record('notice', 'OVERDUE_NOTICE', { previous: fp('disbursement') }),
            ],
        }),
        call(
            'Evidence',
            'Register',
            USERS.platform,
            record('draft', 'OTHER', {
                loanRef: STORY_OTHER_LOAN,
                consentId: 'CN-2026-0002',
                parties: { platform: 'PlatformMSP', bank: 'BankMSP', product: STORY_PRODUCT },
            }),
        ),
        call('Evidence', 'Correct', USERS.platform, {
            target: fp('draft'),
            fingerprint: fp('draft v2'),
            salted: true,
            evidenceType: 'DOC',
            metadataFingerprint: fp('draft v2 metadata'),
            consentId: 'CN-2026-0002',
            reasonCode: 'WRONG_FILE',
            previous: fp('draft'),
        }),
        call('Evidence', 'Withdraw', USERS.platform, {
            target: fp('draft v2'),
            reasonCode: 'SIGNED_IN_ERROR',
            previous: fp('draft v2'),
        }),
        call('Anchor', 'Create', USERS.bank, { fingerprints: [fp('call log'), fp('sms log')] }),
        call('Anchor', 'Seal', USERS.platform, { root: SEALED_ROOT, size: 2 }),
        call('Case', 'File', USERS.bank, filing('C-0001')),
        call('Case', 'FileBatch', USERS.bank, { cases: [filing('C-0002'), filing('C-0003')] }),
        call('Attestation', 'AttestEvidence', USERS.notary, {
            id: fp('contract'),
            statementCode: 'ORIGINAL_INSPECTED',
            documentFingerprint: fp('notarial certificate'),
        }),
        call('Attestation', 'AttestCase', USERS.notary, {
            caseId: 'C-0001',
            packageRoot: fingerprintTreeRoot(CASE_PACKAGE),
            statementCode: 'PACKAGE_VERIFIED',
            documentFingerprint: fp('package certificate'),
        }),
        courtMove('Reject', 'C-0002'),
        courtMove('Accept', 'C-0001'),
        courtMove('Judge', 'C-0001'),
        courtMove('Enforce', 'C-0001'),
        courtMove('Close', 'C-0001'),
        // Consents and uses in bulk: a risk-assessment consent needs no loan.
        call('Consent', 'RecordBatch', USERS.platform, {
            items: [consentRecording('CN-2026-0003', STORY_SUBJECT, { purpose: 'RISK_ASSESSMENT' })],
        }),
        call('Consent', 'UseBatch', USERS.bank, {
            items: [{ consentId: 'CN-2026-0003', purpose: 'RISK_ASSESSMENT', dataScope: ['CREDIT_REPORT'] }],
        }),
        call('Consent', 'Withdraw', USERS.platform, { consentId: 'CN-2026-0002', reasonCode: 'SUBJECT_REQUEST' }),
        call('Admission', 'Withdraw', USERS.bank, {
            platform: 'PlatformMSP',
            product: 'CAR_LOAN',
            reasonCode: 'PRODUCT_DISCONTINUED',
        }),
        // The pool loans' evidence chains (consent, authorization and contract, inquiry, decision and disbursement):
        // a loan enters a pool only with current contract-signing and disbursement evidence.
        ...chainCalls(
            [...CUT_OFF_LOANS, PURCHASED].map((loan) => loanRef(loan.label)),
            { bank: 'BankMSP', product: STORY_PRODUCT },
        ).map((step) => call(step.contract, step.fn, USERS[step.writer], step.request as { [key: string]: Json })),
        call('AbsDeal', 'CreateDeal', USERS.bank, dealRequest({ dealId: STORY_DEAL }) as { [key: string]: Json }),
        absCall('SetInvestors', { investors: ['InvestorMSP'], reasonCode: 'SUBSCRIPTION_CONFIRMED' }),
        absCall('AddCutOffLoans', { batchId: 'tape-1', loans: cutOff.rows }, cutOff.transient),
        absCall('CutOffPool', {
            expectedLoanCount: CUT_OFF_LOANS.length,
            expectedTapeRoot: AbsDriver.tapeRootOf(CUT_OFF_LOANS),
            tapeFingerprint: fingerprint('tape-document'),
        }),
        absCall('TransitionDeal', { to: 'ISSUED', reasonCode: 'NOTES_ISSUED', evidence: fingerprint('issuance') }),
        absCall('TransitionDeal', { to: 'REVOLVING' }),
        absCall('OpenPeriod', { periodNo: 1, startDate: '2026-02-01', endDate: '2026-02-28' }),
        absCall('PostPeriodUpdates', { periodNo: 1, batchId: 'rows-1', rows: rows.rows }, rows.transient),
        call('AbsReport', 'SubmitCashReport', ACCOUNT_BANK, {
            dealId: STORY_DEAL,
            periodNo: 1,
            principal: 80_000,
            interest: 7_500,
            recoveries: 0,
            statementFingerprint: fingerprint('account statement:1'),
        }),
        absCall('ClosePeriod', {
            periodNo: 1,
            reportFingerprint: fingerprint('servicer-report:1'),
            // Given, so that the close writes the period's waterfall, which the story's readers read too.
            interestCollections: 7_500,
            servicerReport: rollForward({
                openingBalance: 1_000_000,
                scheduledPrincipal: 80_000,
                closingBalance: 920_000,
            }) as unknown as { [key: string]: Json },
        }),
        async (ledger) => {
            const view = await ledger.invokeJson<{ reportDigest: string }>(
                resolveContract('AbsReport'),
                'GetPeriodReport',
                USERS.investor,
                JSON.stringify({ dealId: STORY_DEAL, periodNo: 1 }),
            );
            return call('AbsReport', 'AcknowledgeReport', USERS.investor, {
                dealId: STORY_DEAL,
                periodNo: 1,
                statementCode: 'RECOMPUTED_OK',
                reportDigest: view.reportDigest,
            });
        },
        absCall('OpenPeriod', { periodNo: 2, startDate: '2026-03-01', endDate: '2026-03-31' }),
        absCall(
            'PurchaseLoans',
            {
                periodNo: 2,
                batchId: 'buy-1',
                acquisition: 'REVOLVING_PURCHASE',
                loans: purchased.rows.map((row) => ({ ...row, evidence: fingerprint('REVOLVING_PURCHASE:N') })),
            },
            purchased.transient,
        ),
        // Registry changes: an arbitration commission joins by a majority of the five (proposer, bank, notary), and
        // a second proposal is withdrawn by its proposer.
        call('Registry', 'Propose', ADMINS.platform, {
            proposalId: 'REG-2026-0001',
            change: { kind: 'ADD_MEMBER', mspId: 'ArbitrationMSP', roles: ['arbitration'] },
        }),
        call('Registry', 'Approve', ADMINS.bank, { proposalId: 'REG-2026-0001' }),
        call('Registry', 'Approve', ADMINS.notary, { proposalId: 'REG-2026-0001' }),
        call('Registry', 'Propose', ADMINS.court, {
            proposalId: 'REG-2026-0002',
            change: { kind: 'CHANGE_ROLES', mspId: 'CourtMSP', roles: ['arbitration', 'court'] },
        }),
        call('Registry', 'Withdraw', ADMINS.court, { proposalId: 'REG-2026-0002' }),
    ];
}

const FUNCTIONS = transactionFunctions();

/** The transaction functions of the chaincode, discovered from its contracts. */
export function allTransactionFunctions(): readonly TransactionFunction[] {
    return FUNCTIONS;
}

/** The contract instance serving `contractName`. */
export function resolveContract(contractName: string): object {
    const found = FUNCTIONS.find((entry) => entry.contractName === contractName);
    if (found === undefined) {
        throw new Error(`the chaincode has no contract ${contractName}`);
    }
    return found.contract;
}

/** Builds a step's call against the ledger as it stands. */
export async function resolveStep(ledger: MemoryLedger, step: StoryStep): Promise<StoryCall> {
    return typeof step === 'function' ? step(ledger) : step;
}

/** The string arguments a call hands the transaction function. */
export function argumentsOf(storyCall: Pick<StoryCall, 'request' | 'positional'>): string[] {
    return storyCall.positional ? (storyCall.request as string[]) : [JSON.stringify(storyCall.request)];
}

/** Invokes one call as one transaction; its error propagates unchanged. */
export function invokeCall(ledger: MemoryLedger, storyCall: StoryCall): Promise<Invocation> {
    const contract = resolveContract(storyCall.contractName);
    const target =
        storyCall.transient === undefined
            ? contract
            : withStub(contract, () => ({ getTransient: () => transientMap(storyCall.transient!) }));
    return ledger.invoke(target, storyCall.fn, storyCall.caller, ...argumentsOf(storyCall));
}

/** A ledger that has lived through the whole story, and the calls it made. */
/** A ledger for the story: empty, without even the registry, which the story's first step sets up. */
export function storyLedger(): MemoryLedger {
    return new MemoryLedger({ startTime: STORY_START, registry: null });
}

export async function tellStory(ledger = storyLedger()): Promise<{
    ledger: MemoryLedger;
    calls: StoryCall[];
}> {
    const calls: StoryCall[] = [];
    for (const step of storySteps()) {
        const storyCall = await resolveStep(ledger, step);
        await invokeCall(ledger, storyCall);
        calls.push(storyCall);
    }
    return { ledger, calls };
}
