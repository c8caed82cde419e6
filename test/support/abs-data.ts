import { createHmac, randomBytes } from 'node:crypto';
import { type Contract } from '@hyperledger/fabric-gateway';
import { tapeLeaf, toHex } from '@lendledger/domain';
import { merkleRoot } from '@lendledger/domain/node';
import {
    loanParts,
    rowParts,
    type TestIds,
    type TestLoan,
    type TestRow,
} from '../../chaincode/src/abs/testing/abs-harness.ts';
import { onceDiscovered } from './discovery.ts';
import { type GatewayClient, type GatewayResponse } from './gateway-client.ts';
import { saltedFingerprint, submitFresh, withDetails } from './ledger-data.ts';

/**
 * ABS test data the way an issuer makes it off-chain, and the gateway calls an ABS client makes on the real
 * network: loan-level amounts travel only in the transient field `loans` (chaincode/docs/abs-api.md).
 */

export type { TestLoan, TestRow };

/**
 * The parties of the test deals: the issuing bank and the one holder. Their peers endorse every write of a deal's
 * private amounts, each getting its own copy in its implicit collection (chaincode/src/abs/private-data.ts).
 */
export const COLLECTION_MEMBERS: readonly string[] = ['BankMSP', 'InvestorMSP'];

/** A committed transaction's parsed result and its ID. */
export interface Submitted<T> {
    readonly result: T;
    readonly txId: string;
}

/** How a write is endorsed: by the gateway's own choice under the chaincode policy, or by named organisations. */
export interface SubmitOptions {
    /** The value of the transient field `loans` (JSON-encoded here), for loan-level amounts. */
    readonly amounts?: unknown;
    /** Organisations whose peers endorse; the gateway chooses two of the five when absent. */
    readonly endorsers?: readonly string[];
}

/**
 * Submits a one-JSON-argument transaction, waits for its commit on the client's own peer and answers its parsed
 * result and transaction ID. A fresh proposal is sent while the endorsers disagree (one peer a block behind the
 * other); a refusal all endorsers agree on is thrown with their messages in its `details`.
 */
export async function submitAbs<T>(
    contract: Contract,
    name: string,
    request: unknown,
    options: SubmitOptions = {},
): Promise<Submitted<T>> {
    const endorsers = options.endorsers ?? [];
    const proposal = {
        arguments: [JSON.stringify(request)],
        ...(options.amounts === undefined
            ? {}
            : { transientData: { loans: new TextEncoder().encode(JSON.stringify(options.amounts)) } }),
        ...(endorsers.length === 0 ? {} : { endorsingOrganizations: [...endorsers] }),
    };
    return withDetails(
        submitFresh(
            async () => {
                const submitted = await contract.submitAsync(name, proposal);
                const status = await submitted.getStatus();
                if (!status.successful) {
                    throw new Error(`${name} ${status.transactionId} failed validation with code ${status.code}`);
                }
                const result = JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')) as T;
                return { result, txId: submitted.getTransactionId() };
            },
            Math.max(endorsers.length, 2),
        ),
    );
}

/**
 * Submits a transaction endorsed by the Bank and the Investor peers, the only ones holding the collection: the
 * way every transaction that reads or writes loan-level amounts must run.
 */
export function submitPrivate<T>(
    contract: Contract,
    name: string,
    request: unknown,
    amounts?: unknown,
): Promise<Submitted<T>> {
    return submitAbs<T>(contract, name, request, {
        endorsers: COLLECTION_MEMBERS,
        ...(amounts === undefined ? {} : { amounts }),
    });
}

/**
 * Evaluates a one-JSON-argument transaction on a peer of the named organisation and parses its JSON result, once
 * the caller's peer has discovered that organisation's peer (see {@link onceDiscovered}).
 */
export async function evaluateOn<T>(contract: Contract, name: string, request: unknown, mspId: string): Promise<T> {
    const bytes = await onceDiscovered(() =>
        contract.evaluate(name, { arguments: [JSON.stringify(request)], endorsingOrganizations: [mspId] }),
    );
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

/** A roll-forward with every line 0 except those given (the chaincode tests' helper). */
export { rollForward } from '../../chaincode/src/abs/testing/abs-driver.ts';

/** The public part of a request and the private part for the transient field. */
export interface Parts {
    readonly row: Record<string, unknown>;
    readonly amounts: Record<string, unknown>;
}

/**
 * The issuer's off-chain book of one deal. Loans are named `ln_` + HMAC-SHA256 of their reference under a key
 * that never leaves the issuer, domain-separated by the deal; documents are salted fingerprints; every private
 * record gets its own random salt. A loan keeps its tape fingerprint, so the issuer can compute the tape root.
 */
export class AbsDealBook {
    readonly dealId: string;
    readonly #pseudonymKey = randomBytes(32);
    readonly #tapeFingerprints = new Map<string, string>();
    readonly #ids: TestIds = {
        loanId: (label) => this.loanId(label),
        loanRef: (label) => this.loanRef(label),
        tapeFingerprint: (label) => this.loanFingerprint(label),
        fingerprint: (name) => saltedFingerprint(`${name} of ${this.dealId}`),
        salt: () => newSalt(),
    };

    constructor(dealId: string) {
        this.dealId = dealId;
    }

    /** The loan ID of the issuer's loan reference `label`. */
    loanId(label: string): string {
        return `ln_${createHmac('sha256', this.#pseudonymKey).update(`${this.dealId}\n${label}`).digest('hex')}`;
    }

    /** The evidence reference of the issuer's loan `label` (an evidence chain, when there is one, names it). */
    loanRef(label: string): string {
        return `loan:${createHmac('sha256', this.#pseudonymKey).update(`evidence\n${this.dealId}\n${label}`).digest('hex')}`;
    }

    /** The fingerprint of the full off-chain loan row of `label`, the same every time it is asked for. */
    loanFingerprint(label: string): string {
        let fingerprint = this.#tapeFingerprints.get(label);
        if (fingerprint === undefined) {
            fingerprint = saltedFingerprint(`loan row ${label} of ${this.dealId}`);
            this.#tapeFingerprints.set(label, fingerprint);
        }
        return fingerprint;
    }

    /** A loan's tape row and its transient amounts (AddCutOffLoans, PurchaseLoans). */
    loanParts(loan: TestLoan): Parts {
        return loanParts(loan, this.#ids);
    }

    /** A loan bought in a period: its tape row plus the fingerprint of the purchase document. */
    purchaseParts(loan: TestLoan): Parts {
        const parts = this.loanParts(loan);
        return { ...parts, row: { ...parts.row, evidence: saltedFingerprint(`purchase of ${loan.label}`) } };
    }

    /** A loan's row for a period and its transient amounts; every event amount gets an evidence fingerprint. */
    rowParts(row: TestRow, periodNo: number): Parts {
        return rowParts(row, periodNo, this.#ids);
    }

    /** The RFC 9162 root (hex) of the tape of these loans in this order, as the issuer computes it off-chain. */
    tapeRoot(labels: readonly string[]): string {
        return toHex(merkleRoot(labels.map((label) => tapeLeaf(this.loanId(label), this.loanFingerprint(label)))));
    }
}

/** A random 64-hex salt for one private record. */
function newSalt(): string {
    return randomBytes(32).toString('hex');
}

/** The cash figures of a period's account-bank report (`AbsReport:SubmitCashReport`), minor units. */
export interface CashFigures {
    readonly principal: number;
    readonly interest: number;
    readonly recoveries: number;
}

/**
 * The cash the servicer's rows of a period collected, as the account bank would see it arrive: principal is
 * scheduled + prepaid + repurchased principal, recoveries the recovered amounts (domain `cash-report.ts`); `interest`
 * is the figure the close states (0 when it states none).
 */
export function cashCollectedBy(rows: readonly TestRow[], interest = 0): CashFigures {
    return rows.reduce(
        (sum, row) => ({
            principal: sum.principal + row.scheduled + (row.prepaid ?? 0) + (row.repurchased ?? 0),
            interest,
            recoveries: sum.recoveries + (row.recovered ?? 0),
        }),
        { principal: 0, interest, recoveries: 0 },
    );
}

/** The body of a cash report (the account bank's statement named by a fresh salted fingerprint). */
export function cashReportBody(figures: CashFigures, label: string): CashFigures & { statementFingerprint: string } {
    return { ...figures, statementFingerprint: saltedFingerprint(`account statement: ${label}`) };
}

/**
 * Submits the account bank's cash report of a period through the Fabric client of the account bank (Bank2MSP on
 * the test instance), so that the period's close reconciles; answers the stored record.
 */
export async function reportCashOnLedger(
    accountBank: Contract,
    dealId: string,
    periodNo: number,
    figures: CashFigures,
    seenBy: readonly string[] = [],
): Promise<Submitted<unknown>> {
    const submitted = await submitAbs(accountBank, 'AbsReport:SubmitCashReport', {
        dealId,
        periodNo,
        ...cashReportBody(figures, `${dealId} period ${periodNo}`),
    });
    // The close that follows is endorsed on other peers, which may not have committed the report's block yet.
    for (const mspId of seenBy) {
        const deadline = Date.now() + 15_000;
        for (;;) {
            try {
                await evaluateOn(accountBank, 'AbsReport:GetCashReport', { dealId, periodNo }, mspId);
                break;
            } catch (error) {
                if (Date.now() > deadline) {
                    throw error;
                }
                await new Promise((resolve) => setTimeout(resolve, 200));
            }
        }
    }
    return submitted;
}

/**
 * Submits the account bank's cash report of a period at the account bank's own gateway (`PUT
 * …/periods/{periodNo}/cash-report`, under its identity); answers the gateway's response for the caller to check.
 */
export function reportCashAtGateway(
    accountBank: GatewayClient,
    dealPath: string,
    periodNo: number,
    figures: CashFigures,
): Promise<GatewayResponse<unknown>> {
    return accountBank.request(
        'PUT',
        `${dealPath}/periods/${periodNo}/cash-report`,
        cashReportBody(figures, `${dealPath} period ${periodNo}`),
    );
}
