import { type ConsentStatus, type ConsentUse, type ConsentView } from '@lendledger/domain';

/** A consent's standing in plain words: granted (in force), used up, withdrawn, expired or superseded. */
export type ConsentStanding = 'granted' | 'usedUp' | 'withdrawn' | 'expired' | 'superseded';

const STANDING: Readonly<Record<ConsentStatus, ConsentStanding>> = {
    ACTIVE: 'granted',
    CONSUMED: 'usedUp',
    WITHDRAWN: 'withdrawn',
    EXPIRED: 'expired',
    SUPERSEDED: 'superseded',
};

/** A consent as the console shows it. */
export interface ConsentSummary {
    readonly consentId: string;
    readonly standing: ConsentStanding;
    /** Only a granted consent may be used; every other standing is shown as a warning. */
    readonly tone: 'ok' | 'warn' | 'bad';
    readonly purpose: string;
    readonly grantee: string;
    readonly collector: string;
    readonly product?: string;
    readonly validFrom: string;
    readonly validUntil: string;
    readonly usesCount: number;
    readonly maxUses: number;
    readonly usesLeft: number;
    readonly dataScope: readonly string[];
    readonly withdrawal?: { readonly reasonCode: string; readonly time: string; readonly by: string };
    /** The use log, first use first. */
    readonly uses: readonly ConsentUse[];
}

/**
 * Shapes `GET /v1/consents/:id` for the console. The standing is the status the chaincode reported at the read's
 * time (it reports EXPIRED itself once the window has passed), not recomputed from the browser's clock.
 */
export function summariseConsent(view: ConsentView): ConsentSummary {
    const { consent } = view;
    const standing = STANDING[view.status];
    return {
        consentId: consent.consentId,
        standing,
        tone: standing === 'granted' ? 'ok' : standing === 'withdrawn' ? 'bad' : 'warn',
        purpose: consent.purpose,
        grantee: consent.grantee,
        collector: consent.collector,
        ...(consent.product === undefined ? {} : { product: consent.product }),
        validFrom: consent.validFrom,
        validUntil: consent.validUntil,
        usesCount: consent.usesCount,
        maxUses: consent.maxUses,
        usesLeft: view.usesLeft,
        dataScope: consent.dataScope,
        ...(consent.withdrawal
            ? {
                  withdrawal: {
                      reasonCode: consent.withdrawal.reasonCode,
                      time: consent.withdrawal.time,
                      by: consent.withdrawal.by.mspId,
                  },
              }
            : {}),
        uses: [...view.uses].sort((a, b) => a.useNo - b.useNo),
    };
}
