import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    ACCESS_RULES,
    gateAdmits,
    MEMBER_ROLES,
    renderAccessMatrix,
    type MemberEntry,
    type MemberRole,
} from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChaincodeError } from '../core/chaincode-error.js';
import { MemoryLedger, type TestIdentity } from '../testing/memory-ledger.js';
import { transactionFunctions } from '../testing/transaction-functions.js';

/**
 * The access table is the one statement of who may call what: the contracts enforce its gates, and the access
 * matrix in the docs is rendered from it. These tests keep the three in step: every function has a rule, every
 * caller the gate refuses is refused by the running contract (and every caller it admits gets past the gate), and the
 * document holds exactly the rendered table.
 */

const FUNCTIONS = transactionFunctions();
const ACCESS_MATRIX_DOC = join(__dirname, '..', '..', 'docs', 'access-matrix.md');
const BEGIN =
    '<!-- access-matrix:begin (generated from domain/src/membership/access-table.ts by npm run docs:access-matrix) -->';
const END = '<!-- access-matrix:end -->';
const REFUSALS = new Set(['ACCESS_DENIED', 'MEMBER_ADMIN_REQUIRED']);

/** Whether calling the function as `caller` with empty requests is refused by its access gate. */
async function refusedByGate(ledger: MemoryLedger, entry: (typeof FUNCTIONS)[number], caller: TestIdentity) {
    const code = await ledger.invoke(entry.contract, entry.fn, caller, ...entry.parameters.map(() => '{}')).then(
        () => undefined,
        (error: unknown) => {
            if (!(error instanceof ChaincodeError)) {
                throw error;
            }
            return error.code;
        },
    );
    return code !== undefined && REFUSALS.has(code);
}

const user = (mspId: string): TestIdentity => ({ mspId, commonName: `User1@${mspId}` });
const admin = (mspId: string): TestIdentity => ({ mspId, commonName: `Admin@${mspId}`, nodeRole: 'admin' });

describe('the access table', () => {
    it('has exactly one rule for every transaction function of every contract', () => {
        const functions = FUNCTIONS.map((entry) => `${entry.contractName}:${entry.fn}`).sort();
        expect(Object.keys(ACCESS_RULES).sort()).toEqual(functions);
    });

    it('is what the contracts enforce, for every function, every role, users and admins, and non-members', async () => {
        const members: MemberEntry[] = MEMBER_ROLES.map((role) => ({ mspId: `${role}-org`, roles: [role] }));
        const ledger = new MemoryLedger({ registry: members });
        const mismatches: string[] = [];
        for (const entry of FUNCTIONS) {
            const rule = ACCESS_RULES[`${entry.contractName}:${entry.fn}`]!;
            const callers: [string, TestIdentity, readonly MemberRole[], boolean][] = [
                ...members.flatMap((member): [string, TestIdentity, readonly MemberRole[], boolean][] => [
                    [`${member.roles[0]} user`, user(member.mspId), member.roles, false],
                    [`${member.roles[0]} admin`, admin(member.mspId), member.roles, true],
                ]),
                ['non-member user', user('StrangerMSP'), [], false],
                ['non-member admin', admin('StrangerMSP'), [], true],
            ];
            for (const [who, caller, roles, isAdmin] of callers) {
                const refused = await refusedByGate(ledger, entry, caller);
                if (refused === gateAdmits(rule.gate, roles, isAdmin)) {
                    mismatches.push(`${entry.contractName}:${entry.fn} ${who}: ${refused ? 'refused' : 'admitted'}`);
                }
            }
        }
        expect(mismatches.join('\n')).toBe('');
        expect(ledger.keysWritten()).toEqual([]);
    });

    it('follows the registry, not MSP names: any MSP holding any set of roles is gated by those roles', async () => {
        const gated = FUNCTIONS.filter((entry) => {
            const gate = ACCESS_RULES[`${entry.contractName}:${entry.fn}`]!.gate;
            return !('anyone' in gate);
        });
        await fc.assert(
            fc.asyncProperty(
                fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,10}MSP$/),
                fc.subarray([...MEMBER_ROLES], { minLength: 1 }),
                fc.constantFrom(...gated),
                fc.boolean(),
                async (mspId, roles, entry, isAdmin) => {
                    const ledger = new MemoryLedger({ registry: [{ mspId, roles }] });
                    const rule = ACCESS_RULES[`${entry.contractName}:${entry.fn}`]!;
                    const refused = await refusedByGate(ledger, entry, isAdmin ? admin(mspId) : user(mspId));
                    expect(refused).toBe(!gateAdmits(rule.gate, roles, isAdmin));
                },
            ),
            { numRuns: 150 },
        );
    });

    it('is rendered, unchanged, in the access matrix document', () => {
        const document = readFileSync(ACCESS_MATRIX_DOC, 'utf8');
        const begin = document.indexOf(BEGIN);
        const end = document.indexOf(END);
        expect(begin).toBeGreaterThan(-1);
        expect(end).toBeGreaterThan(begin);
        const rendered = `\n\n${renderAccessMatrix(ACCESS_RULES)}\n`;
        if (process.env.UPDATE_ACCESS_MATRIX === '1') {
            writeFileSync(ACCESS_MATRIX_DOC, document.slice(0, begin + BEGIN.length) + rendered + document.slice(end));
            return;
        }
        // When a rule changed: npm run docs:access-matrix, then review the document's diff.
        expect(document.slice(begin + BEGIN.length, end)).toBe(rendered);
    });
});
