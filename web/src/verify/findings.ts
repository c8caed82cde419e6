import { type Receipt } from '@lendledger/verifier/verify';
import { COURT_QUESTIONS, type CourtQuestion } from '@lendledger/verifier/verify';
import { LOOKED_UP_CHECK, type PageCheck, type PageCheckName, type PageResult } from './looked-up.ts';

/** One signer as the page names it: the organisation and the certificate's common name. */
export interface Signer {
    readonly mspId: string;
    readonly name: string;
}

/** The answer to one court question: established when none of its checks failed and at least one passed. */
export interface Finding {
    readonly question: CourtQuestion;
    readonly established: boolean;
    readonly failed: readonly PageCheck[];
}

/** What the page says in plain words about a verified receipt; facts only from a summary the checks confirmed. */
export interface ReceiptFacts {
    readonly ok: boolean;
    readonly fingerprint: string | undefined;
    /** Who signed the transaction; undefined unless the `summary` check passed. */
    readonly writtenBy: Signer | undefined;
    /** The time the submitting client asserted; undefined unless the `summary` check passed. */
    readonly clientTime: string | undefined;
    /** Organisations whose peers endorsed the write, distinct and sorted; empty unless `summary` passed. */
    readonly endorsedBy: readonly string[];
    /** The TSA's "no later than" time and its name, when `trusted-time` passed. */
    readonly trustedTime: { readonly time: string; readonly authority: string } | undefined;
    readonly blockNumber: number | undefined;
    readonly transactionId: string | undefined;
    readonly findings: readonly Finding[];
    readonly failed: readonly PageCheck[];
}

const TRUSTED_TIME = /^no later than (\S+), according to TSA (.+?)(?: \(authority .*)?$/;

/** The common name of an RFC 4514 subject, or the whole subject when it has none. */
export function commonName(subject: string): string {
    const match = /(?:^|,)CN=((?:\\.|[^,])+)/.exec(subject);
    return match?.[1] ?? subject;
}

/**
 * Reads a verification result as a court would: the four questions of the notary report (who wrote it and when,
 * unchanged since, who witnessed it, how it was checked), each established only when none of its checks failed,
 * and the facts of the receipt's summary only when the `summary` check confirmed them from the signed bytes
 * (the same rule the notary report follows), so a forged summary never reaches the screen as a fact.
 */
export function factsOf(receipt: unknown, result: PageResult): ReceiptFacts {
    const status = new Map<PageCheckName, PageCheck>(result.checks.map((check) => [check.name, check]));
    // A genuine receipt of another fingerprint answers none of the questions about the one looked up.
    const otherRecord = status.get(LOOKED_UP_CHECK)?.status === 'fail';
    const summaryConfirmed = status.get('summary')?.status === 'pass';
    const summary = summaryConfirmed ? (receipt as Partial<Receipt>).summary : undefined;
    const trusted = status.get('trusted-time');
    const time = trusted?.status === 'pass' ? TRUSTED_TIME.exec(trusted.reason) : null;
    const findings = (Object.keys(COURT_QUESTIONS) as CourtQuestion[]).map((question) => {
        const checks = [
            ...(otherRecord ? [status.get(LOOKED_UP_CHECK)!] : []),
            ...COURT_QUESTIONS[question].checks.flatMap((name) => status.get(name) ?? []),
        ];
        const failed = checks.filter((check) => check.status === 'fail');
        return {
            question,
            established: failed.length === 0 && checks.some((check) => check.status === 'pass'),
            failed,
        };
    });
    return {
        ok: result.ok,
        fingerprint: result.fingerprint,
        writtenBy: summary
            ? { mspId: summary.writtenBy.mspId, name: commonName(summary.writtenBy.subject) }
            : undefined,
        clientTime: summary?.time ?? undefined,
        endorsedBy: summary ? [...new Set(summary.endorsedBy.map((peer) => peer.mspId))].sort() : [],
        trustedTime: time ? { time: time[1]!, authority: time[2]! } : undefined,
        blockNumber: summary?.blockNumber,
        transactionId: result.transactionId,
        findings,
        failed: result.checks.filter((check) => check.status === 'fail'),
    };
}
