import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMemberRole, type MemberRole } from '@lendledger/domain';

/**
 * The members added to a running instance with `add-org`, in the order they joined. The topology appends them after
 * the founding organisations, so `up`, `down`, `status` and the gateways keep running them after a restart. The
 * record lives in the instance's data folder, beside the ledger that knows them: `clean` forgets both together.
 */

/** One member added to the running instance. */
export interface JoinedMember {
    /** Lower-case key: its file names, URLs and the `org` claim of its gateway's tokens. */
    readonly key: string;
    readonly mspId: string;
    readonly roles: readonly MemberRole[];
    readonly joinedAt: string;
}

/** An organisation key: lower-case letters and digits, starting with a letter (it becomes a DNS label). */
export const ORG_KEY_PATTERN = /^[a-z][a-z0-9]{1,30}$/;

/** An MSP ID as Fabric and the registry take it: a letter, then letters and digits (e.g. `Platform3MSP`). */
export const NEW_MSP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9]{1,62}$/;

/** The file of the instance's joined members. */
export function joinedMembersFile(dataDir: string): string {
    return join(dataDir, 'joined-members.json');
}

/**
 * The members added to the instance whose data folder is `dataDir`, none when nothing was added.
 *
 * @throws Error naming the file when it is not a list of members.
 */
export function readJoinedMembers(dataDir: string): JoinedMember[] {
    const file = joinedMembersFile(dataDir);
    if (!existsSync(file)) {
        return [];
    }
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed) || !parsed.every(isJoinedMember)) {
        throw new Error(`${file} is not a list of joined members ({ key, mspId, roles, joinedAt })`);
    }
    return parsed;
}

/** Records one more member of the instance; a member already recorded under the same MSP ID is replaced. */
export function recordJoinedMember(dataDir: string, member: JoinedMember): void {
    const others = readJoinedMembers(dataDir).filter((m) => m.mspId !== member.mspId);
    writeFileSync(joinedMembersFile(dataDir), `${JSON.stringify([...others, member], null, 2)}\n`);
}

function isJoinedMember(value: unknown): value is JoinedMember {
    const member = value as Partial<Record<keyof JoinedMember, unknown>> | null;
    return (
        typeof member === 'object' &&
        member !== null &&
        typeof member.key === 'string' &&
        ORG_KEY_PATTERN.test(member.key) &&
        typeof member.mspId === 'string' &&
        NEW_MSP_ID_PATTERN.test(member.mspId) &&
        Array.isArray(member.roles) &&
        member.roles.length > 0 &&
        member.roles.every(isMemberRole) &&
        typeof member.joinedAt === 'string'
    );
}
