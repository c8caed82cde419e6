import { type ComponentChildren } from 'preact';

/** The signed-in areas of the application. */
export const AREAS = ['investor', 'cases', 'console'] as const;
export type Area = (typeof AREAS)[number];

/** Which consortium roles use which area: the case desk serves courts, arbitration, notaries and banks. */
const AREA_ROLES: Readonly<Record<Area, readonly string[]>> = {
    investor: ['investor'],
    cases: ['court', 'arbitration', 'notary', 'bank'],
    console: ['platform', 'bank'],
};

/** The areas an organisation with these consortium roles uses, in menu order. */
export function areasFor(memberRoles: readonly string[]): Area[] {
    return AREAS.filter((area) => AREA_ROLES[area].some((role) => memberRoles.includes(role)));
}

/** What every area page receives from the shell: its navigation, the session actions and the rest of the path. */
export interface AreaProps {
    readonly nav: ComponentChildren;
    readonly actions: ComponentChildren;
    /** Path segments after the area, e.g. `['deals', 'D1']` for `#/investor/deals/D1`. */
    readonly path: readonly string[];
    readonly query: URLSearchParams;
}
