import { createHash } from 'node:crypto';
import {
    DEFAULT_FOUNDING_MEMBERS,
    LIFECYCLE_STAGES,
    STAGE_PREREQUISITES,
    STAGE_WRITERS,
    type AdmitResult,
    type ChainView,
    type EvidenceWriteResult,
    type LifecycleStage,
} from '@lendledger/domain';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AdmissionContract } from '../../membership/admissions/admission-contract.js';
import { MemoryLedger, USERS, type TestIdentity } from '../../testing/memory-ledger.js';
import { failureOf } from '../../testing/refusals.js';
import { EvidenceContract } from './evidence-contract.js';

// Consents are the consent area's; here every consent is in force (consent-seam.test.ts tests the seam).
vi.mock('../../consent/consent-in-force.js', async () =>
    (await import('../../testing/consent-seam-stub.js')).passingConsentSeam(),
);

const evidence = new EvidenceContract();
const admissions = new AdmissionContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;
const BANK2 = { mspId: 'Bank2MSP', commonName: 'User1@bank2.lendledger.test' } as const;
const PLATFORM2 = { mspId: 'Platform2MSP', commonName: 'User1@platform2.lendledger.test' } as const;
const REGISTRY = [
    ...DEFAULT_FOUNDING_MEMBERS,
    { mspId: BANK2.mspId, roles: ['bank'] as const },
    { mspId: PLATFORM2.mspId, roles: ['platform'] as const },
];
const PRODUCT = 'CONSUMER_LOAN';
const LOAN = loanOf('one');
const PARTIES = { platform: 'PlatformMSP', bank: 'BankMSP' } as const;

function item(label: string, stage: string, previous: string | null, extra: object = {}): Record<string, unknown> {
    return { fingerprint: fp(label), salted: true, evidenceType: 'DOC', stage, loanRef: LOAN, previous, ...extra };
}

describe('loan parties and admissions on evidence writes', () => {
    let ledger: MemoryLedger;
    const register = (user: TestIdentity, request: object) =>
        ledger.invokeJson<EvidenceWriteResult>(evidence, 'Register', user, JSON.stringify(request));
    const admit = (bank: TestIdentity, platform: string) =>
        ledger.invokeJson<AdmitResult>(
            admissions,
            'Admit',
            bank,
            JSON.stringify({ platform, products: [PRODUCT], validUntil: '2027-01-01T00:00:00Z' }),
        );
    const chainOf = (loanRef = LOAN) =>
        ledger.invokeJson<ChainView>(evidence, 'GetChain', USERS.notary, JSON.stringify({ loanRef }));

    /** A loan of PlatformMSP funded by BankMSP, up to its contract. */
    async function contractedLoan(): Promise<void> {
        await register(
            USERS.platform,
            item('id-check', 'IDENTITY_VERIFICATION', null, { parties: { bank: 'BankMSP', product: PRODUCT } }),
        );
        await register(USERS.platform, item('contract', 'CONTRACT_SIGNING', fp('id-check')));
    }

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z', registry: REGISTRY });
        await admit(USERS.bank, 'PlatformMSP');
        await admit(BANK2, 'Platform2MSP');
    });

    describe('binding', () => {
        it("binds the first record's parties, the writing platform by default, and shows them on the chain", async () => {
            const { record } = await register(
                USERS.platform,
                item('id-check', 'IDENTITY_VERIFICATION', null, { parties: { bank: 'BankMSP', product: PRODUCT } }),
            );
            const parties = { platform: 'PlatformMSP', bank: 'BankMSP', product: PRODUCT };
            expect(record).toMatchObject({ seq: 1, parties });
            const chain = await chainOf();
            expect(chain.parties).toEqual(parties);
            expect(chain.admission).toMatchObject({ ...parties, validUntil: '2027-01-01T00:00:00.000Z' });
        });

        it('refuses a first record without parties, and a bank opening a loan without naming its platform', async () => {
            expect((await failureOf(register(USERS.platform, item('a', 'OTHER', null)))).code).toBe(
                'LOAN_PARTIES_REQUIRED',
            );
            const failure = await failureOf(
                register(USERS.bank, item('a', 'OTHER', null, { parties: { bank: 'BankMSP', product: PRODUCT } })),
            );
            expect(failure).toMatchObject({
                code: 'LOAN_PARTIES_REQUIRED',
                details: { field: 'request.parties.platform' },
            });
            const opened = await register(
                USERS.bank,
                item('a', 'OTHER', null, { parties: { platform: 'PlatformMSP', bank: 'BankMSP', product: PRODUCT } }),
            );
            expect(opened.created).toBe(true);
        });

        it.each([
            [{ bank: 'CourtMSP', product: PRODUCT }, 'request.parties.bank'],
            [{ bank: 'NobodyMSP', product: PRODUCT }, 'request.parties.bank'],
            [{ platform: 'BankMSP', bank: 'BankMSP', product: PRODUCT }, 'request.parties.platform'],
        ])('refuses parties %j whose member lacks its role', async (parties, field) => {
            const failure = await failureOf(register(USERS.platform, item('a', 'OTHER', null, { parties })));
            expect(failure).toMatchObject({ code: 'PARTNER_ROLE_MISSING', details: { field } });
            expect(ledger.lastRefusal?.writes).toEqual([]);
        });

        it('refuses a later record restating other parties, and accepts one restating the same', async () => {
            await contractedLoan();
            const other = await failureOf(
                register(
                    USERS.platform,
                    item('x', 'OTHER', fp('contract'), { parties: { bank: 'Bank2MSP', product: PRODUCT } }),
                ),
            );
            expect(other).toMatchObject({ code: 'LOAN_PARTIES_MISMATCH', details: { differing: ['bank'] } });
            const same = await register(
                USERS.platform,
                item('x', 'OTHER', fp('contract'), { parties: { bank: 'BankMSP', product: PRODUCT } }),
            );
            expect(same.record).not.toHaveProperty('parties');
        });
    });

    describe('writers', () => {
        it('refuses another platform and another bank on the loan, even for stages their role writes', async () => {
            await contractedLoan();
            const platform2 = await failureOf(register(PLATFORM2, item('x', 'OTHER', fp('contract'))));
            expect(platform2).toMatchObject({
                code: 'NOT_LOAN_PARTY',
                details: { platform: 'PlatformMSP', mspId: 'Platform2MSP' },
            });
            const bank2 = await failureOf(register(BANK2, item('decision', 'CREDIT_DECISION', fp('contract'))));
            expect(bank2).toMatchObject({ code: 'NOT_LOAN_PARTY', details: { bank: 'BankMSP', mspId: 'Bank2MSP' } });
        });

        it('refuses every writer but the party whose role writes the stage (every stage, every member)', async () => {
            const members: TestIdentity[] = [
                USERS.platform,
                USERS.bank,
                USERS.notary,
                USERS.court,
                USERS.investor,
                BANK2,
                PLATFORM2,
            ];
            await contractedLoan();
            await register(USERS.bank, item('decision', 'CREDIT_DECISION', fp('contract')));
            await register(USERS.bank, item('disbursement', 'DISBURSEMENT', fp('decision')));
            await register(USERS.bank, item('notice', 'OVERDUE_NOTICE', fp('disbursement')));
            let probes = 0;
            await fc.assert(
                fc.asyncProperty(
                    fc.constantFrom(...members),
                    fc.constantFrom(...LIFECYCLE_STAGES.filter((stage) => stage !== 'CREDIT_AUTHORIZATION')),
                    async (writer, stage: LifecycleStage) => {
                        probes += 1;
                        const head = (await chainOf()).loan.head.id;
                        const outcome = await register(writer, item(`probe ${probes}`, stage, head)).then(
                            () => 'written',
                            (error: Error) => (JSON.parse(error.message) as { code: string }).code,
                        );
                        const party = STAGE_WRITERS[stage].some((role) => PARTIES[role] === writer.mspId);
                        const roles = REGISTRY.find((member) => member.mspId === writer.mspId)?.roles ?? [];
                        const roleHolder = STAGE_WRITERS[stage].some((role) =>
                            (roles as readonly string[]).includes(role),
                        );
                        if (party) {
                            expect(outcome).toBe('written');
                        } else if (roleHolder) {
                            expect(outcome).toBe('NOT_LOAN_PARTY');
                        } else {
                            expect(['ACCESS_DENIED', 'STAGE_NOT_PERMITTED']).toContain(outcome);
                        }
                    },
                ),
                { numRuns: 40 },
            );
        });
    });

    describe('admission', () => {
        it("refuses writes while the loan's bank has not admitted its platform for its product", async () => {
            const failure = await failureOf(
                register(PLATFORM2, item('a', 'OTHER', null, { parties: { bank: 'BankMSP', product: PRODUCT } })),
            );
            expect(failure).toMatchObject({
                code: 'PARTNER_NOT_ADMITTED',
                details: { bank: 'BankMSP', platform: 'Platform2MSP', product: PRODUCT },
            });
            const product = await failureOf(
                register(
                    USERS.platform,
                    item('a', 'OTHER', null, { parties: { bank: 'BankMSP', product: 'CAR_LOAN' } }),
                ),
            );
            expect(product.code).toBe('PARTNER_NOT_ADMITTED');
            // Each bank's own platform is admitted: two banks, two different partners.
            const ok = await register(
                PLATFORM2,
                item('b', 'OTHER', null, { loanRef: loanOf('two'), parties: { bank: 'Bank2MSP', product: PRODUCT } }),
            );
            expect(ok.created).toBe(true);
        });

        it('refuses registrations, corrections and withdrawals after the admission is withdrawn; the chain shows none', async () => {
            await contractedLoan();
            await ledger.invoke(
                admissions,
                'Withdraw',
                USERS.bank,
                JSON.stringify({ platform: 'PlatformMSP', product: PRODUCT, reasonCode: 'RISK_REVIEW' }),
            );
            const refusals = [
                await failureOf(register(USERS.platform, item('late', 'OTHER', fp('contract')))),
                await failureOf(register(USERS.bank, item('decision', 'CREDIT_DECISION', fp('contract')))),
                await failureOf(
                    ledger.invoke(
                        evidence,
                        'Correct',
                        USERS.platform,
                        JSON.stringify({
                            target: fp('contract'),
                            fingerprint: fp('contract v2'),
                            salted: true,
                            reasonCode: 'WRONG_FILE',
                            previous: fp('contract'),
                        }),
                    ),
                ),
                await failureOf(
                    ledger.invoke(
                        evidence,
                        'Withdraw',
                        USERS.platform,
                        JSON.stringify({ target: fp('contract'), reasonCode: 'WRONG_FILE', previous: fp('contract') }),
                    ),
                ),
            ];
            expect(refusals.map((refusal) => refusal.code)).toEqual(Array(4).fill('PARTNER_NOT_ADMITTED'));
            // A resubmission writes nothing and still answers what is on the ledger.
            const again = await register(USERS.platform, item('contract', 'CONTRACT_SIGNING', fp('id-check')));
            expect(again.created).toBe(false);
            expect((await chainOf()).admission).toBeNull();
        });
    });

    describe('credit decision', () => {
        it('is required before disbursement, in addition to the contract', async () => {
            expect(STAGE_PREREQUISITES.DISBURSEMENT).toEqual(['CONTRACT_SIGNING', 'CREDIT_DECISION']);
            await contractedLoan();
            const failure = await failureOf(register(USERS.bank, item('disbursement', 'DISBURSEMENT', fp('contract'))));
            expect(failure).toMatchObject({
                code: 'STAGE_PREREQUISITE_MISSING',
                details: { missing: ['CREDIT_DECISION'] },
            });
        });

        it('is written only by the funding bank, never the platform', async () => {
            await contractedLoan();
            const platform = await failureOf(
                register(USERS.platform, item('decision', 'CREDIT_DECISION', fp('contract'))),
            );
            expect(platform.code).toBe('STAGE_NOT_PERMITTED');
            const { record } = await register(USERS.bank, item('decision', 'CREDIT_DECISION', fp('contract')));
            expect(record.submitter.mspId).toBe('BankMSP');
        });

        it('no longer permits disbursement once withdrawn', async () => {
            await contractedLoan();
            await register(USERS.bank, item('decision', 'CREDIT_DECISION', fp('contract')));
            await ledger.invoke(
                evidence,
                'Withdraw',
                USERS.bank,
                JSON.stringify({ target: fp('decision'), reasonCode: 'DECLINED', previous: fp('decision') }),
            );
            const failure = await failureOf(
                register(USERS.bank, item('disbursement', 'DISBURSEMENT', `withdrawal:${fp('decision')}`)),
            );
            expect(failure).toMatchObject({
                code: 'STAGE_PREREQUISITE_MISSING',
                details: { missing: ['CREDIT_DECISION'] },
            });
        });
    });
});
