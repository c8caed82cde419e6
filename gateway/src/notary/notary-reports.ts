import { randomUUID } from 'node:crypto';
import {
    buildReportPayload,
    renderReportPdf,
    reportIssuer,
    signReport,
    verifyReceipt,
    type NotaryReportPayload,
    type Receipt,
    type ReportEntry,
    type ReportFont,
    type ReportSigner,
    type RootsBundle,
    type TrustStore,
} from '@lendledger/verifier';
import { evaluateJson, type LedgerReads } from '../fabric/evaluate-json.js';
import { type FetchedBlocks, type ReceiptService } from '../receipts/receipt-service.js';

/** What the Notary's gateway issues reports with: its signing identity, the consortium roots and the PDF's font. */
export interface NotaryIdentity {
    readonly signer: ReportSigner;
    readonly roots: RootsBundle;
    readonly trust: TrustStore;
    /** The CJK font the report's PDF embeds, read at start-up (`notary.reportFontPath`). */
    readonly font: ReportFont;
}

/** A report request: explicit fingerprints, or every fingerprint of a case's evidence package (read here unless given). */
export interface ReportRequest {
    readonly fingerprints?: readonly string[];
    readonly caseId?: string;
    /**
     * Receipts the caller already fetched, by fingerprint (a case package's): used as they are instead of being
     * fetched again. Each is still verified here; a fingerprint without one is fetched.
     */
    readonly receipts?: ReadonlyMap<string, Receipt>;
}

/** An issued report: the signed JWS, the payload it signs, and the PDF a person reads. */
export interface IssuedReport {
    readonly reportId: string;
    readonly verdict: NotaryReportPayload['verdict'];
    readonly jws: string;
    readonly payload: NotaryReportPayload;
    /** The PDF rendering, base64. */
    readonly pdf: string;
}

/**
 * Issues notary verification reports: fetches the receipt of each fingerprint from the ledger, verifies it with
 * the offline verifier against the consortium roots (not against the peer's word), and signs the results with
 * the notary's key. A failed check is reported, not hidden: the report's verdict says so.
 */
export class NotaryReports {
    readonly #reads: LedgerReads;
    readonly #notary: NotaryIdentity;
    readonly #receipts: ReceiptService;

    constructor(reads: LedgerReads, notary: NotaryIdentity, receipts: ReceiptService) {
        this.#reads = reads;
        this.#notary = notary;
        this.#receipts = receipts;
    }

    /**
     * @throws the chaincode's 404 problem when a fingerprint or the case is not on the ledger.
     */
    async issue(identity: string, request: ReportRequest): Promise<IssuedReport> {
        const fingerprints = request.fingerprints ?? (await this.#caseFingerprints(identity, request.caseId!));
        const entries: ReportEntry[] = [];
        // Fingerprints of one anchor share its block: fetch it once per report.
        const blocks: FetchedBlocks = new Map();
        for (const fingerprint of new Set(fingerprints)) {
            const receipt =
                request.receipts?.get(fingerprint) ??
                (await this.#receipts.forFingerprint(identity, fingerprint, undefined, blocks));
            entries.push({ result: await verifyReceipt(receipt, { roots: this.#notary.trust }), receipt });
        }
        const payload = buildReportPayload(entries, {
            reportId: `NR-${randomUUID()}`,
            issuedAt: new Date().toISOString(),
            ...(request.caseId ? { caseId: request.caseId } : {}),
            issuer: reportIssuer(this.#notary.signer.certificate),
            roots: this.#notary.roots,
        });
        const jws = await signReport(payload, this.#notary.signer);
        const pdf = await renderReportPdf(payload, jws, { font: this.#notary.font });
        return {
            reportId: payload.reportId,
            verdict: payload.verdict,
            jws,
            payload,
            pdf: Buffer.from(pdf).toString('base64'),
        };
    }

    async #caseFingerprints(identity: string, caseId: string): Promise<string[]> {
        const view = await evaluateJson<{ items: { fingerprint: string }[] }>(
            this.#reads,
            identity,
            'Case:GetEvidence',
            { caseId },
        );
        return view.items.map((item) => item.fingerprint);
    }
}
