import { LOAN_BOUND_PURPOSES, type ConsentUse } from '@lendledger/domain';

/**
 * A grantee's reconciliation of its own inquiry log against the consent uses the ledger holds for it: each ledger
 * use as one line (the inquiry and the consent it used), and, when the log is given, which entries and uses match.
 * Pure: the reading of the uses lives in grantee-uses.ts.
 */

/** One entry of the grantee's own inquiry log: the ticket the ledger gave the use, or the fingerprint it logged. */
export interface InquiryLogEntry {
    readonly ticketId?: string;
    readonly inquiryFingerprint?: string;
}

/** The fields of a line that uses logged before consent uses named them lack. */
export const RECONCILIATION_FIELDS = [
    'loanRef',
    'subject',
    'dataScope',
    'validFrom',
    'validUntil',
    'consentStatus',
] as const;

/** A reconciliation field a use may lack. */
export type ReconciliationField = (typeof RECONCILIATION_FIELDS)[number];

/**
 * One ledger use as a compliance officer reads it. Fields the use does not carry are absent and named in
 * `missing`; `legacy` marks a use logged before uses carried them (a non-loan purpose needs no loanRef, so its
 * absence is not missing then).
 */
export interface ReconciliationLine {
    readonly ticketId: string;
    readonly time: string;
    readonly consentId: string;
    readonly useNo: number;
    readonly purpose: string;
    readonly loanRef?: string;
    readonly subject?: string;
    readonly dataScope?: string[];
    readonly validFrom?: string;
    readonly validUntil?: string;
    readonly consentStatus?: string;
    readonly inquiryFingerprint?: string;
    readonly txId: string;
    readonly legacy: boolean;
    readonly missing: ReconciliationField[];
}

/** Why a log entry matched no ledger use. */
export type LogOnlyReason = 'NOT_ON_LEDGER' | 'FINGERPRINT_DIFFERS' | 'DUPLICATE';

/** A log entry and the ticket of the ledger use it matched; `index` is its place in the log sent (0-based). */
export interface MatchedEntry {
    readonly index: number;
    readonly ticketId: string;
}

/** A log entry that matched no ledger use, as it was sent, with its place in the log and why. */
export interface LogOnlyEntry extends InquiryLogEntry {
    readonly index: number;
    readonly reason: LogOnlyReason;
}

/**
 * The three classes of a reconciliation, uses named by ticket (their lines are in the report): every ledger use is
 * in `matched` or `ledgerOnly`, every log entry in `matched` or `logOnly`, and none twice.
 */
export interface Reconciliation {
    readonly matched: MatchedEntry[];
    readonly ledgerOnly: string[];
    readonly logOnly: LogOnlyEntry[];
    readonly counts: { readonly matched: number; readonly ledgerOnly: number; readonly logOnly: number };
}

/** A ledger use as a reconciliation line. */
export function reconciliationLine(use: ConsentUse): ReconciliationLine {
    const missing = RECONCILIATION_FIELDS.filter(
        (field) => use[field] === undefined && (field !== 'loanRef' || LOAN_BOUND_PURPOSES.includes(use.purpose)),
    );
    return {
        ticketId: use.ticketId,
        time: use.time,
        consentId: use.consentId,
        useNo: use.useNo,
        purpose: use.purpose,
        ...(use.loanRef === undefined ? {} : { loanRef: use.loanRef }),
        ...(use.subject === undefined ? {} : { subject: use.subject }),
        ...(use.dataScope === undefined ? {} : { dataScope: [...use.dataScope] }),
        ...(use.validFrom === undefined ? {} : { validFrom: use.validFrom }),
        ...(use.validUntil === undefined ? {} : { validUntil: use.validUntil }),
        ...(use.consentStatus === undefined ? {} : { consentStatus: use.consentStatus }),
        ...(use.inquiryFingerprint === undefined ? {} : { inquiryFingerprint: use.inquiryFingerprint }),
        txId: use.txId,
        legacy: missing.length > 0,
        missing,
    };
}

/**
 * Matches the grantee's log against its ledger uses. An entry naming a ticket matches the use of that ticket (if it
 * also names a fingerprint, the use must have logged the same one, else FINGERPRINT_DIFFERS); entries naming only a
 * fingerprint then match the oldest still unmatched use that logged it. Tickets go first so that a fingerprint-only
 * entry never takes the use another entry names by ticket. A use named twice matches once: the later entry is a
 * DUPLICATE. So matched ∪ ledgerOnly are the uses and matched ∪ logOnly the entries, each exactly once.
 */
export function reconcileUses(uses: readonly ConsentUse[], log: readonly InquiryLogEntry[]): Reconciliation {
    const byTicket = new Map(uses.map((use, at) => [use.ticketId, at]));
    const taken = new Set<number>();
    const matchedAt = new Map<number, number>();
    const logOnly = new Map<number, LogOnlyReason>();
    log.forEach((entry, index) => {
        if (entry.ticketId === undefined) {
            return;
        }
        const at = byTicket.get(entry.ticketId);
        if (at === undefined) {
            logOnly.set(index, 'NOT_ON_LEDGER');
        } else if (
            entry.inquiryFingerprint !== undefined &&
            entry.inquiryFingerprint !== uses[at]!.inquiryFingerprint
        ) {
            logOnly.set(index, 'FINGERPRINT_DIFFERS');
        } else if (taken.has(at)) {
            logOnly.set(index, 'DUPLICATE');
        } else {
            taken.add(at);
            matchedAt.set(index, at);
        }
    });
    // Linear in uses and entries whatever the fingerprints: uses sharing one fingerprint are taken oldest first
    // through a cursor that only moves forward (the grantee chooses its fingerprints, so they may all be equal).
    const byFingerprint = new Map<string, { readonly uses: number[]; next: number }>();
    uses.forEach((use, at) => {
        if (use.inquiryFingerprint === undefined) {
            return;
        }
        const group = byFingerprint.get(use.inquiryFingerprint) ?? { uses: [], next: 0 };
        group.uses.push(at);
        byFingerprint.set(use.inquiryFingerprint, group);
    });
    log.forEach((entry, index) => {
        if (entry.ticketId !== undefined) {
            return;
        }
        const group = byFingerprint.get(entry.inquiryFingerprint ?? '');
        if (group === undefined) {
            logOnly.set(index, 'NOT_ON_LEDGER');
            return;
        }
        while (group.next < group.uses.length && taken.has(group.uses[group.next]!)) {
            group.next += 1;
        }
        const at = group.uses[group.next];
        if (at === undefined) {
            logOnly.set(index, 'DUPLICATE');
        } else {
            taken.add(at);
            matchedAt.set(index, at);
        }
    });
    const matched = log.flatMap((_, index) => {
        const at = matchedAt.get(index);
        return at === undefined ? [] : [{ index, ticketId: uses[at]!.ticketId }];
    });
    const unmatched = log.flatMap((entry, index) => {
        const reason = logOnly.get(index);
        return reason === undefined ? [] : [{ ...entry, index, reason }];
    });
    const ledgerOnly = uses.filter((_, at) => !taken.has(at)).map((use) => use.ticketId);
    return {
        matched,
        ledgerOnly,
        logOnly: unmatched,
        counts: { matched: matched.length, ledgerOnly: ledgerOnly.length, logOnly: unmatched.length },
    };
}
