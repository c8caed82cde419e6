import { useAppConfig } from '../../common/app-config.ts';
import { useSession } from '../../common/session.ts';
import { caseDeskAbilities, type CaseDeskAbilities } from './case-roles.ts';

/** The signed-in caller's abilities at this gateway's organisation, once the configuration has loaded. */
export function useAbilities(): { abilities: CaseDeskAbilities; mspId: string } | undefined {
    const config = useAppConfig();
    const session = useSession();
    if (!config || !session) {
        return undefined;
    }
    return { abilities: caseDeskAbilities(config.memberRoles, session.roles), mspId: config.mspId };
}
