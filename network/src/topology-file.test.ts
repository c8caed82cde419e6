import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOPOLOGY_FILE } from './topology.ts';
import { parseTopologyFile, TopologyFileError } from './topology-file.ts';

const FILE = 'topology.json';

function org(key: string, roles: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { key, mspId: `${key.charAt(0).toUpperCase()}${key.slice(1)}MSP`, roles, ...extra };
}

function validInstance(): Record<string, unknown> {
    return {
        portBase: 7000,
        dataDir: '.data/x',
        orderers: 3,
        organisations: [org('platform', ['platform']), org('bank', ['bank']), org('notary', ['notary'], { tsa: true })],
    };
}

/** The problems the parser lists for a file of the given instances (none for a valid one). */
function problemsOf(instances: Record<string, unknown>): readonly string[] {
    try {
        parseTopologyFile(JSON.stringify({ instances }), FILE);
        return [];
    } catch (error) {
        expect(error).toBeInstanceOf(TopologyFileError);
        expect((error as Error).message.startsWith(`invalid topology file ${FILE}:\n  - `)).toBe(true);
        return (error as TopologyFileError).problems;
    }
}

function withOrganisations(organisations: readonly unknown[]): Record<string, unknown> {
    return { net: { ...validInstance(), organisations } };
}

describe('parseTopologyFile', () => {
    it("accepts the repository's own topology file", () => {
        const file = parseTopologyFile(readFileSync(TOPOLOGY_FILE, 'utf8'), TOPOLOGY_FILE);
        expect(Object.keys(file.instances)).toEqual(['dev', 'test']);
    });

    it('accepts a valid file', () => {
        expect(problemsOf({ net: validInstance() })).toEqual([]);
    });

    it('refuses text that is not JSON', () => {
        expect(() => parseTopologyFile('{ instances', FILE)).toThrow(
            /^invalid topology file topology\.json:\n {2}- not JSON: /,
        );
    });

    it.each([
        [
            'an unknown role',
            [org('a', ['lender']), org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations/0/roles/0',
        ],
        ['no role', [org('a', []), org('n', ['notary'], { tsa: true })], '/instances/net/organisations/0/roles'],
        [
            'a role twice',
            [org('a', ['bank', 'bank']), org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations/0/roles',
        ],
        [
            'an upper-case key',
            [org('Bank', ['bank']), org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations/0/key',
        ],
        [
            'a key with a dot',
            [org('a.b', ['bank']), org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations/0/key',
        ],
        [
            'an MSP ID with a space',
            [{ ...org('a', ['bank']), mspId: 'A MSP' }, org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations/0/mspId',
        ],
        [
            'an unknown field',
            [org('a', ['bank'], { peers: 2 }), org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations/0',
        ],
        [
            'a single organisation, fewer than endorse a write',
            [org('n', ['notary'], { tsa: true })],
            '/instances/net/organisations',
        ],
    ])('refuses %s, naming where', (_, organisations, where) => {
        const problems = problemsOf(withOrganisations(organisations));
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.every((problem) => problem.startsWith(`${where}: `))).toBe(true);
    });

    it.each([
        ['orderers', 0],
        ['orderers', 10],
        ['portBase', 1023],
        ['portBase', 64001],
        ['portBase', 7000.5],
        ['dataDir', ''],
    ])('refuses %s = %s', (field, value) => {
        expect(problemsOf({ net: { ...validInstance(), [field]: value } })).toEqual([
            expect.stringMatching(new RegExp(`^/instances/net/${field}: `)),
        ]);
    });

    describe('BFT ordering', () => {
        const four = (): Record<string, unknown> => ({
            ...validInstance(),
            consensus: 'BFT',
            ordererOperators: ['platform', 'bank', 'notary', 'court'],
            organisations: [
                org('platform', ['platform']),
                org('bank', ['bank']),
                org('notary', ['notary'], { tsa: true }),
                org('court', ['court']),
            ],
        });

        it('accepts four members that each run an orderer', () => {
            expect(problemsOf({ net: four() })).toEqual([]);
        });

        it.each([
            ['no operators', { ordererOperators: undefined }, /^\/instances\/net\/ordererOperators: BFT needs/],
            [
                'three operators, which survive no fault',
                { ordererOperators: ['platform', 'bank', 'notary'] },
                /^\/instances\/net\/ordererOperators: /,
            ],
            [
                'an operator twice',
                { ordererOperators: ['platform', 'bank', 'notary', 'bank'] },
                /^\/instances\/net\/ordererOperators: /,
            ],
            [
                'an operator that is no member',
                { ordererOperators: ['platform', 'bank', 'notary', 'judge'] },
                /^\/instances\/net\/ordererOperators\/3: "judge" is no organisation/,
            ],
            ['an unknown consensus', { consensus: 'pbft' }, /^\/instances\/net\/consensus: /],
        ])('refuses %s, naming where', (_, change, problem) => {
            const instance = { ...four(), ...change };
            const problems = problemsOf({ net: JSON.parse(JSON.stringify(instance)) });
            expect(problems.length).toBeGreaterThan(0);
            expect(problems.every((text) => problem.test(text))).toBe(true);
        });
    });

    it('refuses an instance name that cannot be a folder name', () => {
        expect(problemsOf({ 'Dev Net': validInstance() })).not.toEqual([]);
    });

    it('refuses two organisations with the same key or MSP ID, naming the first', () => {
        const problems = problemsOf(
            withOrganisations([
                org('bank', ['bank']),
                org('notary', ['notary'], { tsa: true }),
                { ...org('bank', ['bank']), mspId: 'OtherMSP' },
                { ...org('bank3', ['bank']), mspId: 'BankMSP' },
            ]),
        );
        expect(problems).toEqual([
            `/instances/net/organisations/2/key: "bank" is already organisation 0's`,
            `/instances/net/organisations/3/mspId: "BankMSP" is already organisation 0's`,
        ]);
    });

    it("refuses a member named as the ordering service's MSP", () => {
        const problems = problemsOf(
            withOrganisations([
                { ...org('orderer', ['bank']), mspId: 'OrdererMSP' },
                org('n', ['notary'], { tsa: true }),
            ]),
        );
        expect(problems).toEqual(["/instances/net/organisations/0/mspId: OrdererMSP is the ordering service's"]);
    });

    it('refuses a time-stamping authority run by an organisation that is not a notary', () => {
        const problems = problemsOf(withOrganisations([org('bank', ['bank'], { tsa: true }), org('n', ['notary'])]));
        expect(problems).toEqual([
            '/instances/net/organisations/0/tsa: only a notary runs the time-stamping authority',
        ]);
    });

    it('refuses an instance with no time-stamping authority or with two', () => {
        fc.assert(
            fc.property(fc.constantFrom(0, 2, 3), (count) => {
                const organisations = Array.from({ length: 3 }, (_, j) =>
                    org(`notary${j}`, ['notary'], j < count ? { tsa: true } : {}),
                );
                const problems = problemsOf(withOrganisations(organisations));
                expect(problems).toHaveLength(1);
                expect(problems[0]).toMatch(
                    /^\/instances\/net\/organisations: exactly one organisation runs the time-stamping authority/,
                );
            }),
        );
    });

    it("accepts a bank's admission of one of the instance's platforms", () => {
        const admits = [{ platform: 'PlatformMSP', products: ['CONSUMER_LOAN', 'SME_LOAN'] }];
        const instance = validInstance();
        const organisations = instance.organisations as Record<string, unknown>[];
        organisations[1] = org('bank', ['bank'], { admits });
        expect(problemsOf({ net: instance })).toEqual([]);
    });

    it.each([
        [
            'a platform the instance lacks',
            'bank',
            [{ platform: 'OtherMSP', products: ['CONSUMER_LOAN'] }],
            /platform: "OtherMSP" is no platform of this instance$/,
        ],
        [
            'a member that is no platform',
            'bank',
            [{ platform: 'NotaryMSP', products: ['CONSUMER_LOAN'] }],
            /platform: "NotaryMSP" is no platform of this instance$/,
        ],
        [
            'an admission by a non-bank',
            'notary',
            [{ platform: 'PlatformMSP', products: ['CONSUMER_LOAN'] }],
            /admits: only a bank admits platforms$/,
        ],
        [
            'a product that is no short code',
            'bank',
            [{ platform: 'PlatformMSP', products: ['consumer loan'] }],
            /products\/0: /,
        ],
        ['no product', 'bank', [{ platform: 'PlatformMSP', products: [] }], /products: /],
        [
            'an unknown member',
            'bank',
            [{ platform: 'PlatformMSP', products: ['CONSUMER_LOAN'], until: 'never' }],
            /admits\/0: unknown "until"$/,
        ],
    ])('refuses %s in admits, naming where', (_, admitter, admits, problem) => {
        const organisations = [
            org('platform', ['platform']),
            org('bank', ['bank'], admitter === 'bank' ? { admits } : {}),
            org('notary', ['notary'], { tsa: true, ...(admitter === 'notary' ? { admits } : {}) }),
        ];
        const problems = problemsOf(withOrganisations(organisations));
        expect(problems).toEqual([expect.stringMatching(problem)]);
        expect(problems[0]).toMatch(new RegExp(`^/instances/net/organisations/${admitter === 'bank' ? 1 : 2}/admits`));
    });

    it('lists the problems of every instance at once', () => {
        const problems = problemsOf({
            a: { ...validInstance(), orderers: 0 },
            b: { ...validInstance(), portBase: 1 },
        });
        expect(problems).toEqual([
            expect.stringMatching(/^\/instances\/a\/orderers: /),
            expect.stringMatching(/^\/instances\/b\/portBase: /),
        ]);
    });
});
