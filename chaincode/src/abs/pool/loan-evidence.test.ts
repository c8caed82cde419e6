import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { EvidenceContract } from '../../evidence/records/evidence-contract.js';
import { type MemoryLedger, type TestIdentity, USERS } from '../../testing/memory-ledger.js';
import { absLedger } from '../testing/abs-ledger.js';
import { loanRef } from '../testing/abs-harness.js';
import { AbsDriver } from '../testing/abs-driver.js';
import { chainDocumentOf } from '../testing/loan-chain-requests.js';
import { registerLoanChains } from '../testing/loan-evidence-chains.js';
import { SAMPLE_LOANS, SAMPLE_PURCHASE } from '../testing/sample-pool.js';

describe('pool loans link to their evidence chains', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;

    beforeEach(async () => {
        ledger = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
        abs = new AbsDriver(ledger, USERS.bank);
        await abs.createDeal();
    });

    /** AddCutOffLoans without the driver registering chains first. */
    const addBare = (loans = SAMPLE_LOANS) => abs.addCutOffLoans('tape-1', loans, { evidence: false });

    it('refuses a tape batch naming a loan without an evidence chain, by index and missing stages', async () => {
        await registerLoanChains(ledger, [loanRef('A'), loanRef('C')]);
        const refusal = await abs.refusal(() => addBare());
        expect(refusal).toMatchObject({
            code: 'ABS_LOAN_EVIDENCE_MISSING',
            details: { index: 1, loanRef: loanRef('B'), missing: ['CONTRACT_SIGNING', 'DISBURSEMENT'] },
            unchanged: true,
        });
    });

    it('refuses a revolving purchase whose loan has no chain, and takes it with one', async () => {
        await abs.addCutOffLoans('tape-1', SAMPLE_LOANS);
        await abs.cutOff(SAMPLE_LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        const refusal = await abs.refusal(() =>
            abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [SAMPLE_PURCHASE], {}, { evidence: false }),
        );
        expect(refusal).toMatchObject({
            code: 'ABS_LOAN_EVIDENCE_MISSING',
            details: { index: 0, loanRef: loanRef('N') },
            unchanged: true,
        });
        await abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [SAMPLE_PURCHASE]);
    });

    it('accepts the batch once every loan has the minimal chain', async () => {
        await registerLoanChains(
            ledger,
            SAMPLE_LOANS.map((loan) => loanRef(loan.label)),
        );
        const { result } = await addBare();
        expect(result).toMatchObject({ loanCount: SAMPLE_LOANS.length });
    });

    it('refuses a substitute without a chain, as it refuses a revolving purchase', async () => {
        await abs.addCutOffLoans('tape-1', SAMPLE_LOANS);
        await abs.cutOff(SAMPLE_LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        const refusal = await abs.refusal(() =>
            abs.purchase(1, 'swap-1', 'SUBSTITUTION', [SAMPLE_PURCHASE], { N: 'B' }, { evidence: false }),
        );
        expect(refusal).toMatchObject({
            code: 'ABS_LOAN_EVIDENCE_MISSING',
            details: { index: 0, loanRef: loanRef('N'), missing: ['CONTRACT_SIGNING', 'DISBURSEMENT'] },
            unchanged: true,
        });
    });

    it('counts only current evidence: any mix of withdrawn contract and disbursement records is named exactly', async () => {
        const evidence = new EvidenceContract();
        await fc.assert(
            fc.asyncProperty(fc.boolean(), fc.boolean(), async (withdrawContract, withdrawDisbursement) => {
                ledger = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
                abs = new AbsDriver(ledger, USERS.bank);
                await abs.createDeal();
                const ref = loanRef('A');
                await registerLoanChains(ledger, [ref]);
                // Withdrawals append to the chain's head, each by the stage's writer.
                let head = chainDocumentOf(ref, 'DISBURSEMENT');
                const withdraw = async (stage: string, as: TestIdentity): Promise<void> => {
                    const request = {
                        target: chainDocumentOf(ref, stage),
                        reasonCode: 'SIGNED_IN_ERROR',
                        previous: head,
                    };
                    const { payload } = await ledger.invoke(evidence, 'Withdraw', as, JSON.stringify(request));
                    head = (JSON.parse(payload) as { record: { id: string } }).record.id;
                };
                if (withdrawDisbursement) {
                    await withdraw('DISBURSEMENT', USERS.bank);
                }
                if (withdrawContract) {
                    await withdraw('CONTRACT_SIGNING', USERS.platform);
                }
                const missing = [
                    ...(withdrawContract ? ['CONTRACT_SIGNING'] : []),
                    ...(withdrawDisbursement ? ['DISBURSEMENT'] : []),
                ];
                const attempt = () => abs.addCutOffLoans('tape-1', [SAMPLE_LOANS[0]!], { evidence: false });
                if (missing.length === 0) {
                    expect((await attempt()).result).toMatchObject({ loanCount: 1 });
                } else {
                    expect(await abs.refusal(attempt)).toMatchObject({
                        code: 'ABS_LOAN_EVIDENCE_MISSING',
                        details: { index: 0, loanRef: ref, field: 'loans[0].loanRef', missing },
                        unchanged: true,
                    });
                }
            }),
            { numRuns: 8 },
        );
    });
});
