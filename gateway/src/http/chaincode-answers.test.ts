import { createHash } from 'node:crypto';
import {
    invokeCall,
    resolveContract,
    resolveStep,
    storyLedger,
    storySteps,
    STORY_DEAL,
    STORY_LOAN,
    STORY_SUBJECT,
} from '@lendledger/chaincode/testing/ledger-story.ts';
import { USERS } from '@lendledger/chaincode/testing/memory-ledger.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResponseChecker, type OpenApiDocument } from '../testing/openapi-responses.js';
import { startTestGateway } from '../testing/test-gateway.js';

/**
 * The response schemas of the ledger routes describe what the chaincode really answers: the chaincode's story
 * (every write function, in an order its rules accept) runs on the in-memory ledger, a read of every read function
 * follows, and each answer, wrapped as the gateway wraps it, must conform to the documented schema of every route
 * of its transaction. Objects the document leaves open are closed for this check, so a member the chaincode
 * returns and the document does not name (as `metadataFingerprint` of an evidence record once) fails too.
 */

/** A route of the document backed by one chaincode transaction. */
interface LedgerOperation {
    readonly method: string;
    readonly path: string;
    readonly transaction: string;
    readonly mode: 'submit' | 'evaluate';
}

const CHAINCODE = /Chaincode: `([A-Za-z]+:[A-Za-z]+)` \((submit|evaluate)\)/;
const PAGE = { pageSize: 100 };
const fingerprintOf = (label: string): string => `sha256:${sha256Hex(label)}`;

function sha256Hex(label: string): string {
    // The story's own fingerprints: sha256 of the label (chaincode/src/testing/ledger-story.ts).
    return createHash('sha256').update(label).digest('hex');
}

function ledgerOperations(document: OpenApiDocument): LedgerOperation[] {
    return Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations).flatMap(([method, operation]) => {
            const match = CHAINCODE.exec((operation as { description?: string }).description ?? '');
            return match ? [{ method, path, transaction: match[1]!, mode: match[2] as LedgerOperation['mode'] }] : [];
        }),
    );
}

/** The document with every open object that names its members closed: undocumented members become errors. */
function closedObjects(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(closedObjects);
    }
    if (typeof value !== 'object' || value === null) {
        return value;
    }
    const copy = Object.fromEntries(Object.entries(value).map(([key, member]) => [key, closedObjects(member)]));
    const named = typeof copy.properties === 'object' && Object.keys(copy.properties as object).length > 0;
    return named && copy.additionalProperties === true ? { ...copy, additionalProperties: false } : copy;
}

/** Every answer of the story and of one read per read function, by transaction (`Contract:Function`). */
async function chaincodeAnswers(): Promise<Map<string, unknown[]>> {
    const ledger = storyLedger();
    const answers = new Map<string, unknown[]>();
    const keep = (transaction: string, payload: string): unknown => {
        const answer: unknown = JSON.parse(payload);
        answers.set(transaction, [...(answers.get(transaction) ?? []), answer]);
        return answer;
    };
    for (const step of storySteps()) {
        const call = await resolveStep(ledger, step);
        const invocation = await invokeCall(ledger, call);
        keep(`${call.contractName}:${call.fn}`, invocation.payload);
    }
    /** Reads as the first of the story's users the chaincode lets read it. */
    const read = async (transaction: string, ...args: string[]): Promise<unknown> => {
        const [contractName, fn] = transaction.split(':') as [string, string];
        const refusals: unknown[] = [];
        for (const user of Object.values(USERS)) {
            try {
                const invocation = await ledger.invoke(resolveContract(contractName), fn, user, ...args);
                return keep(transaction, invocation.payload);
            } catch (error) {
                refusals.push(error);
            }
        }
        throw new Error(`no user may call ${transaction}: ${String(refusals[0])}`);
    };
    const readJson = (transaction: string, request: object): Promise<unknown> =>
        read(transaction, JSON.stringify(request));

    await read('Probe:Get', 'probe-1');
    for (const id of [fingerprintOf('authorization'), fingerprintOf('draft'), fingerprintOf('draft v2')]) {
        await readJson('Evidence:Get', { id });
        await readJson('Evidence:History', { id });
    }
    await readJson('Evidence:Get', { id: `withdrawal:${fingerprintOf('draft v2')}` });
    await readJson('Evidence:GetLoan', { loanRef: STORY_LOAN });
    await readJson('Evidence:GetChain', { loanRef: STORY_LOAN });
    await readJson('Evidence:ListByLoan', { loanRef: STORY_LOAN, ...PAGE });
    const { items: anchors } = (await readJson('Anchor:List', PAGE)) as { items: { anchorId: string }[] };
    const fingerprint = fingerprintOf('call log');
    for (const { anchorId } of anchors) {
        await readJson('Anchor:Get', { anchorId });
    }
    const anchorId = anchors.find((anchor) => 'chunkRoots' in anchor)?.anchorId ?? anchors[0]!.anchorId;
    await readJson('Anchor:GetLeaves', { anchorId, chunk: 0 });
    await readJson('Anchor:GetProof', { anchorId, fingerprint });
    await readJson('Anchor:GetProof', { fingerprint });
    await readJson('Anchor:FindByFingerprint', { fingerprint });
    // The story's one sealed batch: its record is in the answers its Anchor:Seal gave.
    const seal = answers.get('Anchor:Seal')?.[0] as { batch: { root: string } };
    await readJson('Anchor:GetSealed', { root: seal.batch.root });
    await readJson('Attestation:ListByTarget', { kind: 'EVIDENCE', id: fingerprintOf('contract') });
    await readJson('Attestation:ListByTarget', { kind: 'CASE', id: 'C-0001' });
    await readJson('Case:ListByCourt', { court: 'CourtMSP', ...PAGE });
    for (const caseId of ['C-0001', 'C-0002', 'C-0003']) {
        await readJson('Case:Get', { caseId });
        await readJson('Case:GetEvidence', { caseId });
        await readJson('Case:History', { caseId });
    }
    for (const consentId of ['CN-2026-0001', 'CN-2026-0002']) {
        await readJson('Consent:Get', { consentId });
    }
    await readJson('Consent:ListBySubject', { subject: STORY_SUBJECT, ...PAGE });
    // The story admits the platform for two products and withdraws one: both views, in force and withdrawn.
    await readJson('Admission:ListPartners', {});
    await readJson('Admission:History', { bank: 'BankMSP', platform: 'PlatformMSP' });
    const window = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', ...PAGE };
    await readJson('Consent:ListUsesByGrantee', { ...window, grantee: 'BankMSP' });
    const dealId = STORY_DEAL;
    await readJson('AbsDeal:ListDeals', PAGE);
    await readJson('AbsDeal:GetDeal', { dealId });
    await readJson('AbsPool:GetPool', { dealId });
    const { items: loans } = (await readJson('AbsPool:ListLoans', { dealId, ...PAGE })) as {
        items: { loanId: string }[];
    };
    for (const { loanId } of [loans[0]!, loans.at(-1)!]) {
        await readJson('AbsPool:GetLoan', { dealId, loanId });
        await readJson('AbsPool:GetLoanAmounts', { dealId, loanId });
    }
    await readJson('AbsPool:GetLoanProof', { dealId, loanId: loans[0]!.loanId });
    await readJson('AbsPool:ExportTape', { dealId, pageSize: 128 });
    await readJson('AbsPool:ExportTape', { dealId, pageSize: 128, withAmounts: false });
    await readJson('AbsReport:ListPeriodReports', { dealId, ...PAGE });
    for (const periodNo of [1, 2]) {
        await readJson('AbsReport:GetPeriodReport', { dealId, periodNo });
    }
    // The story closes period 1 and leaves period 2 open.
    await readJson('AbsReport:GetPeriodWaterfall', { dealId, periodNo: 1 });
    await readJson('AbsReport:GetCashReport', { dealId, periodNo: 1 });
    await readJson('AbsPool:GetPoolRoot', { dealId, periodNo: 0 });
    await readJson('AbsPool:GetPoolRoot', { dealId, periodNo: 1 });
    await readJson('AbsPool:GetPoolRootConsistency', { dealId, fromPeriod: 0, toPeriod: 1 });
    await readJson('AbsReport:ListAcknowledgements', { dealId, periodNo: 1 });
    await readJson('AbsReport:GetMetricsSeries', { dealId });
    await read('Registry:Get');
    await readJson('Registry:History', PAGE);
    await readJson('Registry:Proposals', PAGE);
    for (const proposalId of ['REG-2026-0001', 'REG-2026-0002']) {
        await readJson('Registry:Proposal', { proposalId });
    }
    return answers;
}

describe('the OpenAPI response schemas against what the chaincode answers', () => {
    let operations: LedgerOperation[];
    let checker: ResponseChecker;
    let answers: Map<string, unknown[]>;

    beforeAll(async () => {
        const gateway = await startTestGateway();
        try {
            const document = (
                await gateway.app.inject({ method: 'GET', url: '/v1/openapi.json' })
            ).json<OpenApiDocument>();
            operations = ledgerOperations(document);
            checker = new ResponseChecker(closedObjects(document) as OpenApiDocument);
        } finally {
            await gateway.close();
        }
        answers = await chaincodeAnswers();
    });

    it('has an answer of every transaction a route documents', () => {
        const missing = [...new Set(operations.map((operation) => operation.transaction))].filter(
            (transaction) => !answers.has(transaction),
        );
        expect(missing).toEqual([]);
    });

    it('documents every answer as the route sends it, every member named', () => {
        const problems = operations.flatMap((operation) =>
            (answers.get(operation.transaction) ?? []).flatMap((answer) => {
                const body =
                    operation.mode === 'submit' ? { blockNumber: 7, result: answer, txId: 'tx-of-the-story' } : answer;
                return checker.problems(operation.method, operation.path, 200, body);
            }),
        );
        expect(problems).toEqual([]);
    });
});
