import { randomUUID } from 'node:crypto';
import {
    buildReportPayload,
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
import { type ReportPdfRendering } from './report-pdf-renderer.js';
import { timestampProblem } from '../timestamps/timestamp-problem.js';
import { type TsaClient } from '../timestamps/tsa-client.js';

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
    /** Roots of sealed batches holding some of `fingerprints`, fetched from their sealers when not held here. */
    readonly sealedBatches?: readonly string[];
}

/** A fingerprint to report on, with the sealed batch the case proved it a leaf of, if any. */
interface ReportItem {
    readonly fingerprint: string;
    readonly sealedBatch?: string;
}

/** An issued report: the signed JWS, the payload it signs, and the PDF a person reads. */
export interface IssuedReport {
    readonly reportId: string;
    readonly verdict: NotaryReportPayload['verdict'];
    readonly jws: string;
    readonly payload: NotaryReportPayload;
    /** The PDF rendering, base64. */
    readonly pdf: string;
    /** The RFC 3161 token over SHA-256 of `jws` (DER, base64), when a TSA is configured. */
    readonly timestamp?: { readonly token: string };
}

/** How reports are dated: the TSA, and the Retry-After of a report refused while it gives no token. */
export interface ReportTimestamping {
    readonly tsa?: Pick<TsaClient, 'stamp'>;
    readonly retryAfterSeconds: number;
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
    readonly #timestamping: ReportTimestamping;
    readonly #pdfs: ReportPdfRendering;

    /** `pdfs` draws the PDF off the event loop (the gateway's ReportPdfRenderer): it takes seconds for many records. */
    constructor(
        reads: LedgerReads,
        notary: NotaryIdentity,
        receipts: ReceiptService,
        pdfs: ReportPdfRendering,
        timestamping: ReportTimestamping = { retryAfterSeconds: 30 },
    ) {
        this.#reads = reads;
        this.#notary = notary;
        this.#receipts = receipts;
        this.#timestamping = timestamping;
        this.#pdfs = pdfs;
    }

    /**
     * @throws the chaincode's 404 problem when a fingerprint or the case is not on the ledger.
     */
    async issue(identity: string, request: ReportRequest): Promise<IssuedReport> {
        const items = request.fingerprints
            ? await this.#explicitItems(identity, request.fingerprints, request.sealedBatches ?? [])
            : await this.#caseItems(identity, request.caseId!);
        const entries: ReportEntry[] = [];
        // Fingerprints of one anchor share its block: fetch it once per report.
        const blocks: FetchedBlocks = new Map();
        for (const { fingerprint, sealedBatch } of items) {
            const receipt =
                request.receipts?.get(fingerprint) ??
                (await this.#receipts.forFingerprint(identity, fingerprint, undefined, blocks, sealedBatch));
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
        const timestamp = await this.#stamp(jws, payload.reportId);
        const pdf = await this.#pdfs.render(payload, jws);
        return {
            reportId: payload.reportId,
            verdict: payload.verdict,
            jws,
            payload,
            pdf: Buffer.from(pdf).toString('base64'),
            ...(timestamp ? { timestamp } : {}),
        };
    }

    /** The token over SHA-256 of the compact JWS: it dates the report as signed, which the JWS cannot carry. */
    async #stamp(jws: string, reportId: string): Promise<{ token: string } | undefined> {
        const { tsa, retryAfterSeconds } = this.#timestamping;
        if (tsa === undefined) {
            return undefined;
        }
        try {
            const token = await tsa.stamp(new TextEncoder().encode(jws), `report ${reportId}`);
            return { token: Buffer.from(token).toString('base64') };
        } catch (error) {
            throw timestampProblem(error, `report ${reportId}`, retryAfterSeconds);
        }
    }

    /**
     * Each fingerprint once. The named sealed batches are fetched first; a fingerprint that is neither registered
     * nor anchored is then looked up in them by the receipt service, as in any batch held here.
     */
    async #explicitItems(
        identity: string,
        fingerprints: readonly string[],
        sealedBatches: readonly string[],
    ): Promise<ReportItem[]> {
        for (const root of new Set(sealedBatches)) {
            await this.#receipts.holdSealedBatch(identity, root);
        }
        return [...new Set(fingerprints)].map((fingerprint) => ({ fingerprint }));
    }

    /** The package's items; a sealed one names the batch its filing proved it a leaf of. */
    async #caseItems(identity: string, caseId: string): Promise<ReportItem[]> {
        const view = await evaluateJson<{ items: { fingerprint: string; sealed?: { anchorId: string } }[] }>(
            this.#reads,
            identity,
            'Case:GetEvidence',
            { caseId },
        );
        const seen = new Set<string>();
        return view.items
            .filter((item) => !seen.has(item.fingerprint) && seen.add(item.fingerprint))
            .map((item) => ({
                fingerprint: item.fingerprint,
                ...(item.sealed ? { sealedBatch: item.sealed.anchorId } : {}),
            }));
    }
}
