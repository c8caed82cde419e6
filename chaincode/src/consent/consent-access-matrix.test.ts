import {
    decodeCodedError,
    DEFAULT_FOUNDING_MEMBERS,
    type ConsentRecord,
    type ConsentStatus,
    type MemberEntry,
} from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { AdmissionContract } from '../membership/admissions/admission-contract.js';
import { MemoryLedger, MORE_MEMBERS, MORE_USERS, USERS, type TestIdentity } from '../testing/memory-ledger.js';
import { consentRecording, creditAuthorization, creditInquiry, type JsonObject } from '../testing/sample-requests.js';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { ConsentContract } from './consent-contract.js';

// Mirrors chaincode/docs/access-matrix.md per ROLE, over a consortium of two banks, two platforms, a notary,
// a court, an arbitration commission and an investor: every consent function x every member (and one outsider).
// BankMSP admitted PlatformMSP, Bank2MSP admitted Platform2MSP, both for CONSUMER_LOAN.

const ACTORS = {
    bank: USERS.bank,
    bank2: MORE_USERS.bank2,
    platform: USERS.platform,
    platform2: MORE_USERS.platform2,
    notary: USERS.notary,
    court: USERS.court,
    arbitration: MORE_USERS.arbitration,
    investor: USERS.investor,
    outsider: USERS.outsider,
} as const satisfies Record<string, TestIdentity>;

type Actor = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as Actor[];

const REGISTRY: readonly MemberEntry[] = [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS];

const SUBJECT = `subj:${'c3'.repeat(32)}`;
/** A loan of BankMSP and PlatformMSP whose credit-authorization record cites CN-1, so the bank may inquire on it. */
const LOAN = `loan:${'d4'.repeat(32)}`;
const PRODUCT = 'CONSUMER_LOAN';
const consents = new ConsentContract();
const admissions = new AdmissionContract();
const WINDOW = { validFrom: '2026-03-01T00:00:00.000Z', validUntil: '2026-12-01T00:00:00.000Z' };

interface Row {
    readonly tx: string;
    readonly fn: string;
    readonly request: JsonObject;
    readonly allowed: readonly Actor[];
    /** The code a member that passes the role check, but is not the consent's party, is refused with. */
    readonly partyRefusal?: string;
    /** Refusals of particular members. */
    readonly refusals?: Partial<Record<Actor, string>>;
}

const uses = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const FORUMS_AND_NOTARY: Actor[] = ['notary', 'court', 'arbitration'];

const ROWS: Row[] = [
    {
        tx: 'Consent:Record',
        fn: 'Record',
        request: consentRecording('CN-NEW', SUBJECT, { ...WINDOW, product: PRODUCT }),
        allowed: ['platform'],
        // Holds the platform role, but BankMSP never admitted it.
        refusals: { platform2: 'PARTNER_NOT_ADMITTED' },
    },
    {
        tx: 'Consent:Use',
        fn: 'Use',
        request: creditInquiry('CN-1', LOAN),
        allowed: ['bank'],
        partyRefusal: 'CONSENT_NOT_GRANTEE',
    },
    {
        tx: 'Consent:Withdraw',
        fn: 'Withdraw',
        request: { consentId: 'CN-1', reasonCode: 'SUBJECT_REQUEST' },
        allowed: ['platform'],
        partyRefusal: 'CONSENT_NOT_COLLECTOR',
    },
    {
        tx: 'Consent:Get',
        fn: 'Get',
        request: { consentId: 'CN-1' },
        allowed: ['platform', 'bank', ...FORUMS_AND_NOTARY],
    },
    {
        tx: 'Consent:ListBySubject',
        fn: 'ListBySubject',
        request: { subject: SUBJECT },
        allowed: ['platform', 'platform2', ...FORUMS_AND_NOTARY],
    },
    {
        tx: 'Consent:ListUsesByGrantee (naming BankMSP)',
        fn: 'ListUsesByGrantee',
        request: { ...uses, grantee: 'BankMSP' },
        allowed: ['bank', ...FORUMS_AND_NOTARY],
    },
];

/** The code a refused member gets: its own, the party check's for a member, ACCESS_DENIED for an outsider. */
function refusalOf(row: Row, actor: Actor): string {
    const own = row.refusals?.[actor];
    if (own !== undefined) {
        return own;
    }
    return actor === 'outsider' ? 'ACCESS_DENIED' : (row.partyRefusal ?? 'ACCESS_DENIED');
}

describe('consent access matrix by role', () => {
    let ledger: MemoryLedger;

    const call = (fn: string, actor: Actor, request: JsonObject) =>
        ledger.invoke(
            fn.startsWith('Admission:') ? admissions : consents,
            fn.replace('Admission:', ''),
            ACTORS[actor],
            JSON.stringify(request),
        );
    const codeOf = async (fn: string, actor: Actor, request: JsonObject): Promise<string | undefined> => {
        try {
            await call(fn, actor, request);
            return undefined;
        } catch (error) {
            return decodeCodedError((error as Error).message)?.code ?? 'UNCODED';
        }
    };
    const admit = (bank: Actor, platform: string) =>
        call('Admission:Admit', bank, { platform, products: [PRODUCT], validUntil: '2027-01-01T00:00:00.000Z' });

    beforeEach(async () => {
        ledger = new MemoryLedger({ startTime: '2026-03-10T00:00:00.000Z', registry: REGISTRY });
        await admit('bank', 'PlatformMSP');
        await admit('bank2', 'Platform2MSP');
        await call('Record', 'platform', consentRecording('CN-1', SUBJECT, { ...WINDOW, product: PRODUCT }));
        await ledger.invoke(
            new EvidenceContract(),
            'Register',
            USERS.platform,
            JSON.stringify(creditAuthorization(LOAN, 'CN-1')),
        );
    });

    describe.each(ROWS)('$tx', (row) => {
        const refused = ALL.filter((actor) => !row.allowed.includes(actor));

        it.each(refused)('refuses %s and writes nothing', async (actor) => {
            const before = ledger.snapshot();
            expect(await codeOf(row.fn, actor, row.request)).toBe(refusalOf(row, actor));
            expect(ledger.snapshot()).toEqual(before);
        });

        it.each(row.allowed)('lets %s do it', async (actor) => {
            expect(await codeOf(row.fn, actor, row.request)).toBeUndefined();
        });
    });

    it('grants a consent only to a member holding the bank role', async () => {
        for (const grantee of ['CourtMSP', 'Platform2MSP', 'UnknownMSP']) {
            const request = consentRecording(`CN-${grantee.toUpperCase()}`, SUBJECT, { ...WINDOW, grantee });
            expect([grantee, await codeOf('Record', 'platform', request)]).toEqual([
                grantee,
                'CONSENT_GRANTEE_NOT_BANK',
            ]);
        }
    });

    it('refuses a consent for a bank that did not admit the platform, or not for the product', async () => {
        const otherBank = consentRecording('CN-B2', SUBJECT, { ...WINDOW, grantee: 'Bank2MSP' });
        const otherProduct = consentRecording('CN-CAR', SUBJECT, { ...WINDOW, product: 'CAR_LOAN' });
        expect(await codeOf('Record', 'platform', otherBank)).toBe('PARTNER_NOT_ADMITTED');
        expect(await codeOf('Record', 'platform', otherProduct)).toBe('PARTNER_NOT_ADMITTED');
        // Bank2MSP admitted Platform2MSP, so the same consent from that platform is recorded.
        expect(await codeOf('Record', 'platform2', otherBank)).toBeUndefined();
    });

    it('after the admission is withdrawn: refuses new consents and uses, still lets the subject withdraw', async () => {
        await call('Admission:Withdraw', 'bank', {
            platform: 'PlatformMSP',
            product: PRODUCT,
            reasonCode: 'PARTNERSHIP_ENDED',
        });
        const fresh = consentRecording('CN-2', SUBJECT, { ...WINDOW, product: PRODUCT });
        expect(await codeOf('Record', 'platform', fresh)).toBe('PARTNER_NOT_ADMITTED');
        expect(await codeOf('Use', 'bank', creditInquiry('CN-1', LOAN))).toBe('PARTNER_NOT_ADMITTED');
        // Repeating the recording of CN-1 writes nothing and answers the stored consent.
        const again = consentRecording('CN-1', SUBJECT, { ...WINDOW, product: PRODUCT });
        expect(await codeOf('Record', 'platform', again)).toBeUndefined();
        expect(await codeOf('Withdraw', 'platform', { consentId: 'CN-1', reasonCode: 'SUBJECT_REQUEST' })).toBe(
            undefined,
        );
    });

    it('lists to a platform only the consents it collected, to oversight all of them', async () => {
        await call('Admission:Admit', 'bank', {
            platform: 'Platform2MSP',
            products: [PRODUCT],
            validUntil: '2027-01-01T00:00:00.000Z',
        });
        await call('Record', 'platform2', consentRecording('CN-P2', SUBJECT, { ...WINDOW, product: PRODUCT }));
        const listed = async (actor: Actor): Promise<string[]> => {
            const answer = await ledger.invokeJson<{ items: { consent: ConsentRecord; status: ConsentStatus }[] }>(
                consents,
                'ListBySubject',
                ACTORS[actor],
                JSON.stringify({ subject: SUBJECT }),
            );
            return answer.items.map((item) => item.consent.consentId);
        };
        expect(await listed('platform')).toEqual(['CN-1']);
        expect(await listed('platform2')).toEqual(['CN-P2']);
        expect(await listed('arbitration')).toEqual(['CN-1', 'CN-P2']);
    });
});
