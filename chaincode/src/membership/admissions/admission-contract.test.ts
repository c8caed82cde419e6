import {
    DEFAULT_FOUNDING_MEMBERS,
    type AdmissionHistory,
    type AdmitResult,
    type PartnerList,
    type WithdrawAdmissionResult,
} from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger, USERS, type TestIdentity } from '../../testing/memory-ledger.js';
import { failureOf } from '../../testing/refusals.js';
import { AdmissionContract } from './admission-contract.js';

const admissions = new AdmissionContract();
const BANK2 = { mspId: 'Bank2MSP', commonName: 'User1@bank2.lendledger.test' } as const;
const PLATFORM2 = { mspId: 'Platform2MSP', commonName: 'User1@platform2.lendledger.test' } as const;
const ARBITRATION = { mspId: 'ArbitrationMSP', commonName: 'User1@arbitration.lendledger.test' } as const;
const REGISTRY = [
    ...DEFAULT_FOUNDING_MEMBERS,
    { mspId: BANK2.mspId, roles: ['bank'] as const },
    { mspId: PLATFORM2.mspId, roles: ['platform'] as const },
    { mspId: ARBITRATION.mspId, roles: ['arbitration'] as const },
];
const UNTIL = '2026-12-31T00:00:00.000Z';

describe('Admission contract', () => {
    let ledger: MemoryLedger;
    const call = <T>(fn: string, user: TestIdentity, request: object) =>
        ledger.invokeJson<T>(admissions, fn, user, JSON.stringify(request));
    const admit = (user: TestIdentity, request: object) => call<AdmitResult>('Admit', user, request);

    beforeEach(() => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z', registry: REGISTRY });
    });

    describe('Admit', () => {
        it('records one admission per product, bound to the calling bank, from the transaction time', async () => {
            const { admissions: written } = await admit(USERS.bank, {
                platform: 'PlatformMSP',
                products: ['CONSUMER_LOAN', 'CAR_LOAN'],
                validUntil: UNTIL,
            });
            expect(written.map(({ id, ...rest }) => ({ id: /^adm:[0-9a-f]{32}$/.test(id), ...rest }))).toEqual(
                ['CONSUMER_LOAN', 'CAR_LOAN'].map((product) => ({
                    id: true,
                    bank: 'BankMSP',
                    platform: 'PlatformMSP',
                    product,
                    validFrom: '2026-03-01T00:00:00.000Z',
                    validUntil: UNTIL,
                    admittedAt: '2026-03-01T00:00:00.000Z',
                    txId: 'tx000001',
                    admittedBy: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@bank.lendledger.test',
                })),
            );
            expect(new Set(written.map((entry) => entry.id)).size).toBe(2);
        });

        it('emits admission.admitted naming the bank, the platform and each admission', async () => {
            const { event } = await ledger.invoke(
                admissions,
                'Admit',
                USERS.bank,
                JSON.stringify({ platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], validUntil: UNTIL }),
            );
            expect(event?.name).toBe('admission.admitted');
            expect(event?.payload).toMatchObject({
                bank: 'BankMSP',
                platform: 'PlatformMSP',
                admissions: [{ product: 'CONSUMER_LOAN', validUntil: UNTIL }],
            });
        });

        it.each([USERS.platform, USERS.notary, USERS.court, USERS.investor, USERS.outsider, ARBITRATION])(
            'refuses $mspId, which does not hold the bank role',
            async (user) => {
                const failure = await failureOf(
                    admit(user, { platform: 'PlatformMSP', products: ['X1'], validUntil: UNTIL }),
                );
                expect(failure.code).toBe('ACCESS_DENIED');
                expect(ledger.lastRefusal?.writes).toEqual([]);
            },
        );

        it.each(['CourtMSP', 'BankMSP', 'NobodyMSP'])(
            'refuses to admit %s, which is not a platform',
            async (platform) => {
                const failure = await failureOf(
                    admit(USERS.bank, { platform, products: ['CONSUMER_LOAN'], validUntil: UNTIL }),
                );
                expect(failure.code).toBe('PARTNER_ROLE_MISSING');
                expect(failure.details).toMatchObject({ field: 'platform', mspId: platform });
            },
        );

        it.each([
            ['ends before it starts', { validFrom: '2026-06-01T00:00:00Z', validUntil: '2026-05-01T00:00:00Z' }],
            ['ends when it starts', { validFrom: '2026-06-01T00:00:00Z', validUntil: '2026-06-01T00:00:00Z' }],
            ['ended before it is recorded', { validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' }],
        ])('refuses a window that %s', async (_, window) => {
            const failure = await failureOf(
                admit(USERS.bank, { platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], ...window }),
            );
            expect(failure.code).toBe('ADMISSION_WINDOW_INVALID');
        });

        it.each([
            [{ products: [] }, 'BATCH_EMPTY'],
            [{ products: ['CONSUMER_LOAN', 'CONSUMER_LOAN'] }, 'INVALID_ARGUMENT'],
            [{ products: ['13800138000'] }, 'INVALID_ARGUMENT'],
            [{ products: ['lower'] }, 'INVALID_ARGUMENT'],
            [{ validUntil: 'tomorrow' }, 'INVALID_ARGUMENT'],
            [{ note: 'free text' }, 'INVALID_ARGUMENT'],
        ])('refuses the malformed request %j', async (change, code) => {
            const failure = await failureOf(
                admit(USERS.bank, {
                    platform: 'PlatformMSP',
                    products: ['CONSUMER_LOAN'],
                    validUntil: UNTIL,
                    ...change,
                }),
            );
            expect(failure.code).toBe(code);
        });
    });

    describe('Withdraw', () => {
        it('withdraws one admission by its identifier, as a record of its own', async () => {
            const [first] = (
                await admit(USERS.bank, { platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], validUntil: UNTIL })
            ).admissions;
            const { withdrawals } = await call<WithdrawAdmissionResult>('Withdraw', USERS.bank, {
                admissionId: first!.id,
                reasonCode: 'RISK_REVIEW',
            });
            expect(withdrawals).toEqual([
                {
                    admissionId: first!.id,
                    bank: 'BankMSP',
                    platform: 'PlatformMSP',
                    product: 'CONSUMER_LOAN',
                    reasonCode: 'RISK_REVIEW',
                    withdrawnAt: '2026-03-01T00:00:01.000Z',
                    txId: 'tx000002',
                    withdrawnBy: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@bank.lendledger.test',
                },
            ]);
            const again = await failureOf(
                call('Withdraw', USERS.bank, { admissionId: first!.id, reasonCode: 'RISK_REVIEW' }),
            );
            expect(again.code).toBe('ADMISSION_WITHDRAWN');
        });

        it('withdraws every open admission of a platform for a product, and only those', async () => {
            await admit(USERS.bank, {
                platform: 'PlatformMSP',
                products: ['CONSUMER_LOAN', 'CAR_LOAN'],
                validUntil: UNTIL,
            });
            await admit(USERS.bank, {
                platform: 'PlatformMSP',
                products: ['CONSUMER_LOAN'],
                validFrom: '2026-12-01T00:00:00Z',
                validUntil: '2027-12-31T00:00:00Z',
            });
            const { withdrawals } = await call<WithdrawAdmissionResult>('Withdraw', USERS.bank, {
                platform: 'PlatformMSP',
                product: 'CONSUMER_LOAN',
                reasonCode: 'PARTNERSHIP_ENDED',
            });
            expect(withdrawals.map((entry) => entry.product)).toEqual(['CONSUMER_LOAN', 'CONSUMER_LOAN']);
            const partners = await call<PartnerList>('ListPartners', USERS.bank, {});
            expect(partners.admissions.map((view) => view.admission.product)).toEqual(['CAR_LOAN']);
        });

        it("refuses another bank's admission and an unknown one", async () => {
            const [first] = (
                await admit(USERS.bank, { platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], validUntil: UNTIL })
            ).admissions;
            expect((await failureOf(call('Withdraw', BANK2, { admissionId: first!.id, reasonCode: 'X1' }))).code).toBe(
                'ACCESS_DENIED',
            );
            const unknown = `adm:${'0'.repeat(32)}`;
            expect(
                (await failureOf(call('Withdraw', USERS.bank, { admissionId: unknown, reasonCode: 'X1' }))).code,
            ).toBe('ADMISSION_NOT_FOUND');
            expect(
                (
                    await failureOf(
                        call('Withdraw', BANK2, {
                            platform: 'PlatformMSP',
                            product: 'CONSUMER_LOAN',
                            reasonCode: 'X1',
                        }),
                    )
                ).code,
            ).toBe('ADMISSION_NOT_FOUND');
        });

        it('refuses a request naming both an admission and a platform', async () => {
            const failure = await failureOf(
                call('Withdraw', USERS.bank, {
                    admissionId: `adm:${'0'.repeat(32)}`,
                    platform: 'PlatformMSP',
                    product: 'CONSUMER_LOAN',
                    reasonCode: 'X1',
                }),
            );
            expect(failure.code).toBe('INVALID_ARGUMENT');
        });
    });

    describe('ListPartners', () => {
        it("lists the calling bank's admissions in force at the time asked, and no other bank's", async () => {
            await admit(USERS.bank, {
                platform: 'PlatformMSP',
                products: ['CONSUMER_LOAN'],
                validUntil: '2026-06-01T00:00:00Z',
            });
            await admit(USERS.bank, {
                platform: 'Platform2MSP',
                products: ['CAR_LOAN'],
                validFrom: '2026-05-01T00:00:00Z',
                validUntil: UNTIL,
            });
            await admit(BANK2, { platform: 'Platform2MSP', products: ['SME_LOAN'], validUntil: UNTIL });
            const listed = async (at: string) =>
                (await call<PartnerList>('ListPartners', USERS.bank, { at })).admissions.map(
                    (view) => `${view.admission.platform}/${view.admission.product}`,
                );
            expect(await listed('2026-04-01T00:00:00Z')).toEqual(['PlatformMSP/CONSUMER_LOAN']);
            expect(await listed('2026-05-15T00:00:00Z')).toEqual([
                'PlatformMSP/CONSUMER_LOAN',
                'Platform2MSP/CAR_LOAN',
            ]);
            expect(await listed('2026-07-01T00:00:00Z')).toEqual(['Platform2MSP/CAR_LOAN']);
            const bank2 = await call<PartnerList>('ListPartners', BANK2, {});
            expect(bank2.admissions.map((view) => view.admission.bank)).toEqual(['Bank2MSP']);
        });

        it.each([USERS.platform, USERS.court, USERS.investor])('refuses $mspId, which is not a bank', async (user) => {
            expect((await failureOf(call('ListPartners', user, {}))).code).toBe('ACCESS_DENIED');
        });
    });

    describe('History', () => {
        async function story(): Promise<void> {
            const [first] = (
                await admit(USERS.bank, { platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], validUntil: UNTIL })
            ).admissions;
            await call('Withdraw', USERS.bank, { admissionId: first!.id, reasonCode: 'RISK_REVIEW' });
            await admit(USERS.bank, { platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], validUntil: UNTIL });
            await admit(USERS.bank, { platform: 'Platform2MSP', products: ['CONSUMER_LOAN'], validUntil: UNTIL });
        }

        it.each([USERS.bank, USERS.platform, USERS.notary, USERS.court, ARBITRATION])(
            'shows $mspId every admission and withdrawal of the pair, in the order recorded',
            async (user) => {
                await story();
                const history = await call<AdmissionHistory>('History', user, {
                    bank: 'BankMSP',
                    platform: 'PlatformMSP',
                });
                expect(history.admissions.map((view) => [view.inForce, view.withdrawal?.reasonCode ?? null])).toEqual([
                    [false, 'RISK_REVIEW'],
                    [true, null],
                ]);
            },
        );

        it.each([USERS.investor, BANK2, PLATFORM2, USERS.outsider])('refuses $mspId', async (user) => {
            await story();
            const failure = await failureOf(call('History', user, { bank: 'BankMSP', platform: 'PlatformMSP' }));
            expect(failure.code).toBe('ACCESS_DENIED');
        });
    });
});
