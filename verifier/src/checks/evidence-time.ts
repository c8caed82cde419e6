/** The time a receipt's evidence is judged at, and where that time comes from. */
export interface EvidenceTime {
    readonly at: Date;
    /** `trusted-time` when an RFC 3161 token's time verified, `client` when it is the transaction's own timestamp. */
    readonly source: 'trusted-time' | 'client';
}

/**
 * The evidence's time for revocation: the verified RFC 3161 time when the context has one (`trustedTime`, set by
 * the `trusted-time` check), else the time the transaction's creator wrote into it. The one place that choice is
 * made, so wiring the token's time in is a change to the context alone.
 */
export function evidenceTimeOf(ctx: {
    readonly signingTime: Date;
    readonly trustedTime?: Date | undefined;
}): EvidenceTime {
    return ctx.trustedTime === undefined
        ? { at: ctx.signingTime, source: 'client' }
        : { at: ctx.trustedTime, source: 'trusted-time' };
}
