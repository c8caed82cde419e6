import { DEFAULT_FOUNDING_MEMBERS, type AdmissionRecord, type AdmitResult } from '@lendledger/domain';
import fc from 'fast-check';
import { type Context } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { MemoryLedger, USERS } from '../../testing/memory-ledger.js';
import { refusalOf } from '../../testing/refusals.js';
import { AdmissionContract } from './admission-contract.js';
import { requireAdmission } from './admission-in-force.js';

const admissions = new AdmissionContract();
const PARTIES = { bank: 'BankMSP', platform: 'PlatformMSP', product: 'CONSUMER_LOAN' };
const REGISTRY = [...DEFAULT_FOUNDING_MEMBERS, { mspId: 'Platform2MSP', roles: ['platform'] as const }];
const START = Date.parse('2026-03-01T00:00:00.000Z');
const DAY = 86_400_000;

/** A probe contract whose one function asks requireAdmission at the transaction's time. */
const probe = {
    async Check(ctx: Context, parties: string): Promise<string> {
        return JSON.stringify(await requireAdmission(ctx, JSON.parse(parties) as typeof PARTIES, 'write evidence'));
    },
};

async function checkAt(ledger: MemoryLedger, at: number, parties: object = PARTIES): Promise<string> {
    ledger.setTime(new Date(at).toISOString());
    return ledger.invoke(probe, 'Check', USERS.platform, JSON.stringify(parties)).then(
        ({ payload }) => (JSON.parse(payload) as AdmissionRecord).id,
        (error: unknown) => `refused ${(error as { code?: string }).code ?? String(error)}`,
    );
}

describe('requireAdmission', () => {
    it('answers the admission in force and refuses with PARTNER_NOT_ADMITTED, naming the parties, otherwise', async () => {
        const ledger = new MemoryLedger({ startTime: new Date(START).toISOString(), registry: REGISTRY });
        const refusal = await refusalOf(ledger.invoke(probe, 'Check', USERS.platform, JSON.stringify(PARTIES)));
        expect(refusal.code).toBe('PARTNER_NOT_ADMITTED');
        expect(refusal.details).toEqual({ action: 'write evidence', ...PARTIES });
        const {
            admissions: [admission],
        } = await ledger.invokeJson<AdmitResult>(
            admissions,
            'Admit',
            USERS.bank,
            JSON.stringify({
                platform: 'PlatformMSP',
                products: ['CONSUMER_LOAN'],
                validUntil: '2026-12-31T00:00:00Z',
            }),
        );
        expect(await checkAt(ledger, START + DAY)).toBe(admission!.id);
        expect(await checkAt(ledger, START + DAY, { ...PARTIES, product: 'CAR_LOAN' })).toBe(
            'refused PARTNER_NOT_ADMITTED',
        );
        expect(await checkAt(ledger, START + DAY, { ...PARTIES, platform: 'Platform2MSP' })).toBe(
            'refused PARTNER_NOT_ADMITTED',
        );
        expect(await checkAt(ledger, START + DAY, { ...PARTIES, bank: 'Bank2MSP' })).toBe(
            'refused PARTNER_NOT_ADMITTED',
        );
    });

    it('holds exactly within [max(validFrom, admittedAt), validUntil) and before any withdrawal', async () => {
        // Times as day offsets from START: when the admission is recorded, its window, and a withdrawal if any.
        const scenario = fc
            .record({
                admitAt: fc.integer({ min: 0, max: 10 }),
                from: fc.integer({ min: -5, max: 20 }),
                length: fc.integer({ min: 1, max: 20 }),
                withdrawAt: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
                checkAt: fc.integer({ min: 0, max: 45 }),
            })
            .filter((s) => s.from + s.length > s.admitAt && (s.withdrawAt === undefined || s.withdrawAt > s.admitAt))
            .filter((s) => s.checkAt > s.admitAt && (s.withdrawAt === undefined || s.checkAt !== s.withdrawAt));
        await fc.assert(
            fc.asyncProperty(scenario, async (s) => {
                const ledger = new MemoryLedger({
                    startTime: new Date(START).toISOString(),
                    registry: REGISTRY,
                    stepMillis: 0,
                });
                const iso = (days: number) => new Date(START + days * DAY).toISOString();
                ledger.setTime(iso(s.admitAt));
                const {
                    admissions: [admission],
                } = await ledger.invokeJson<AdmitResult>(
                    admissions,
                    'Admit',
                    USERS.bank,
                    JSON.stringify({
                        platform: 'PlatformMSP',
                        products: ['CONSUMER_LOAN'],
                        validFrom: iso(s.from),
                        validUntil: iso(s.from + s.length),
                    }),
                );
                if (s.withdrawAt !== undefined && s.withdrawAt < s.checkAt) {
                    ledger.setTime(iso(s.withdrawAt));
                    await ledger.invoke(
                        admissions,
                        'Withdraw',
                        USERS.bank,
                        JSON.stringify({ admissionId: admission!.id, reasonCode: 'ENDED' }),
                    );
                }
                const expected =
                    Math.max(s.from, s.admitAt) <= s.checkAt &&
                    s.checkAt < s.from + s.length &&
                    (s.withdrawAt === undefined || s.withdrawAt > s.checkAt);
                expect(await checkAt(ledger, START + s.checkAt * DAY)).toBe(
                    expected ? admission!.id : 'refused PARTNER_NOT_ADMITTED',
                );
            }),
            { numRuns: 60 },
        );
    });
});
