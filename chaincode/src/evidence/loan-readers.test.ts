import { createHash } from 'node:crypto';
import { DEFAULT_FOUNDING_MEMBERS } from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { AdmissionContract } from '../membership/admissions/admission-contract.js';
import { MemoryLedger, MORE_MEMBERS, MORE_USERS, USERS } from '../testing/memory-ledger.js';
import { failureOf } from '../testing/refusals.js';
import { EvidenceContract } from './records/evidence-contract.js';

/**
 * A loan's evidence is read by its own parties, not by every holder of their roles: with two banks and two
 * platforms, each pair reads its own loans and is refused the other pair's, whatever the read function.
 */

const evidence = new EvidenceContract();
const admissions = new AdmissionContract();
const fp = (label: string): string => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const loanOf = (label: string): string => `loan:${createHash('sha256').update(`loan ${label}`).digest('hex')}`;
const { bank2: BANK2, platform2: PLATFORM2 } = MORE_USERS;
const PRODUCT = 'CONSUMER_LOAN';
const FIRST = loanOf('of the first pair');
const SECOND = loanOf('of the second pair');
const READS = ['Get', 'GetLoan', 'GetChain', 'ListByLoan', 'History'] as const;

describe("a loan's evidence readers", () => {
    let ledger: MemoryLedger;

    beforeEach(async () => {
        ledger = new MemoryLedger({
            startTime: '2026-03-01T00:00:00.000Z',
            registry: [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS],
        });
        for (const [bank, platform] of [
            [USERS.bank, 'PlatformMSP'],
            [BANK2, 'Platform2MSP'],
        ] as const) {
            await ledger.invoke(
                admissions,
                'Admit',
                bank,
                JSON.stringify({ platform, products: [PRODUCT], validUntil: '2027-01-01T00:00:00Z' }),
            );
        }
        for (const [platform, bank, loanRef] of [
            [USERS.platform, 'BankMSP', FIRST],
            [PLATFORM2, 'Bank2MSP', SECOND],
        ] as const) {
            await ledger.invoke(
                evidence,
                'Register',
                platform,
                JSON.stringify({
                    fingerprint: fp(loanRef),
                    salted: true,
                    evidenceType: 'DOC',
                    stage: 'IDENTITY_VERIFICATION',
                    loanRef,
                    previous: null,
                    parties: { bank, product: PRODUCT },
                }),
            );
        }
    });

    const requestOf = (fn: (typeof READS)[number], loanRef: string): string =>
        JSON.stringify(fn === 'Get' || fn === 'History' ? { id: fp(loanRef) } : { loanRef });

    it.each(READS)('Evidence:%s answers each pair for its own loan and the notary for both', async (fn) => {
        for (const [reader, loanRef] of [
            [USERS.platform, FIRST],
            [USERS.bank, FIRST],
            [PLATFORM2, SECOND],
            [BANK2, SECOND],
            [USERS.notary, FIRST],
            [USERS.notary, SECOND],
        ] as const) {
            await expect(ledger.invoke(evidence, fn, reader, requestOf(fn, loanRef))).resolves.toBeDefined();
        }
    });

    it.each(READS)("Evidence:%s refuses the other pair's bank and platform, the court and the investor", async (fn) => {
        for (const [reader, loanRef] of [
            [USERS.platform, SECOND],
            [USERS.bank, SECOND],
            [PLATFORM2, FIRST],
            [BANK2, FIRST],
            [USERS.court, FIRST],
            [USERS.investor, SECOND],
        ] as const) {
            const failure = await failureOf(ledger.invoke(evidence, fn, reader, requestOf(fn, loanRef)));
            expect(failure, `${reader.mspId} ${fn}`).toMatchObject({ code: 'ACCESS_DENIED' });
        }
    });
});
