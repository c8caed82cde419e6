import { PassThrough, type Readable } from 'node:stream';
import { CasePackageWriter, PACKAGE_FILES, PACKAGE_GUIDE, receiptPath, type Receipt } from '@lendledger/verifier';
import { ProblemError } from '../errors/problem-error.js';
import { evaluateJson, type LedgerReads } from '../fabric/evaluate-json.js';
import { ChaincodeRejectedError } from '../fabric/ledger-errors.js';
import { type NotaryReports, type ReportRequest } from '../notary/notary-reports.js';
import { type FetchedBlocks, type ReceiptService } from '../receipts/receipt-service.js';
import { type ServedRoots } from '../roots/served-roots.js';

/** The ledger's `Case:GetEvidence` answer, as far as the package reads it; the rest is copied as it is. */
interface CaseEvidenceView {
    readonly items: readonly { readonly fingerprint: string; readonly sealed?: { readonly anchorId: string } }[];
    readonly chain: unknown;
    readonly [member: string]: unknown;
}

/** What case packages are assembled from. */
export interface CasePackageSources {
    readonly reads: LedgerReads;
    readonly receipts: Pick<ReceiptService, 'forFingerprint'>;
    /** The organisation whose gateway this is; the manifest names it as the package's maker. */
    readonly mspId: string;
    /** The roots bundle copied byte for byte into packages (the one `GET /v1/roots` serves), if any. */
    readonly roots: Pick<ServedRoots, 'bytes'> | undefined;
    /** Present on the Notary's gateway: a report on the case is issued into each package. */
    readonly reports?: Pick<NotaryReports, 'issue'>;
}

/** A package on its way: the zip's bytes as a stream, and the name to save it under. */
export interface OpenedPackage {
    readonly stream: Readable;
    readonly fileName: string;
}

// Blocks kept for receipts that share them (leaves of one anchor); a bound, so a case of many blocks stays small.
const MAX_CACHED_BLOCKS = 16;

const NO_REPORT_HERE =
    "notary reports are issued by the Notary's gateway: fetch the package there, or ask the notary for POST /v1/notary/reports with this caseId";

/**
 * Assembles a case's package (`GET /v1/cases/{id}/package`): the case view, the loan's chain, a receipt per package
 * item, the roots bundle, the notary report where this gateway issues them, and the clerk's guide, with a manifest
 * of every file's hash (verifier/src/package). Access is the chaincode's: the case is read as the caller before any
 * byte is sent, so an unknown case or a caller who may not read it gets its problem, never a partial zip. Receipts
 * are written one at a time as the client reads, so memory stays bounded however large the case.
 */
export class CasePackages {
    readonly #sources: CasePackageSources;

    constructor(sources: Readonly<CasePackageSources>) {
        this.#sources = sources;
    }

    /**
     * @throws the chaincode's problem (CASE_NOT_FOUND, ACCESS_DENIED…) when `identity` may not read the case.
     */
    async open(identity: string, caseId: string): Promise<OpenedPackage> {
        const view = await evaluateJson<CaseEvidenceView>(this.#sources.reads, identity, 'Case:GetEvidence', {
            caseId,
        });
        const stream = new PassThrough();
        // After the headers are sent, a failure can only cut the zip short, which no verifier mistakes for a package.
        this.#write(identity, caseId, view, stream).catch((error: unknown) => stream.destroy(error as Error));
        return { stream, fileName: `case-${caseId}.zip` };
    }

    async #write(identity: string, caseId: string, view: CaseEvidenceView, out: PassThrough): Promise<void> {
        const writer = new CasePackageWriter({
            caseId,
            createdAt: new Date().toISOString(),
            createdBy: this.#sources.mspId,
            onData: (chunk, final) => {
                out.write(chunk);
                if (final) {
                    out.end();
                }
            },
        });
        const { chain, ...caseFile } = view;
        writer.add(PACKAGE_FILES.guide, PACKAGE_GUIDE);
        writer.add(PACKAGE_FILES.case, pretty(caseFile));
        writer.add(PACKAGE_FILES.chain, pretty(chain));
        this.#addRoots(writer);
        const blocks: FetchedBlocks = new Map();
        // The report verifies the same receipts: hand it those fetched here rather than fetching each again. It holds
        // every receipt of its report in memory anyway, so keeping them costs nothing the report would not.
        const fetched = this.#sources.reports === undefined ? undefined : new Map<string, Receipt>();
        // A sealed item's batch, as its filing proved it: fetched from its sealer when this gateway holds no copy.
        const sealedBatches = new Map(
            view.items.flatMap((item) => (item.sealed ? [[item.fingerprint, item.sealed.anchorId]] : [])),
        );
        const fingerprints = [...new Set(view.items.map((item) => item.fingerprint))].sort();
        for (const fingerprint of fingerprints) {
            if (out.destroyed) {
                return;
            }
            const receipt = await this.#addReceipt(
                writer,
                identity,
                fingerprint,
                blocks,
                sealedBatches.get(fingerprint),
            );
            if (receipt !== undefined) {
                fetched?.set(fingerprint, receipt);
            }
            if (blocks.size > MAX_CACHED_BLOCKS) {
                blocks.clear();
            }
            await drained(out);
        }
        // The case was read as the caller above; the report covers the same items, in the case's order.
        const items = view.items.map((item) => item.fingerprint);
        await this.#addReport(writer, identity, {
            caseId,
            fingerprints: items,
            ...(fetched ? { receipts: fetched } : {}),
            ...(sealedBatches.size > 0 ? { sealedBatches: [...new Set(sealedBatches.values())] } : {}),
        });
        writer.finish();
    }

    #addRoots(writer: CasePackageWriter): void {
        const { roots } = this.#sources;
        if (roots === undefined) {
            writer.unavailable({
                path: PACKAGE_FILES.roots,
                reason: 'this gateway is configured with no roots bundle',
            });
            return;
        }
        // Byte for byte: a signed bundle must reach the clerk exactly as it was signed.
        writer.add(PACKAGE_FILES.roots, roots.bytes);
    }

    async #addReceipt(
        writer: CasePackageWriter,
        identity: string,
        fingerprint: string,
        blocks: FetchedBlocks,
        sealedBatch: string | undefined,
    ): Promise<Receipt | undefined> {
        const path = receiptPath(fingerprint);
        try {
            const receipt = await this.#sources.receipts.forFingerprint(
                identity,
                fingerprint,
                undefined,
                blocks,
                sealedBatch,
            );
            writer.add(path, JSON.stringify(receipt));
            return receipt;
        } catch (error) {
            const reason = refusal(error);
            if (reason === undefined) {
                throw error;
            }
            writer.unavailable({ path, fingerprint, reason });
            return undefined;
        }
    }

    async #addReport(writer: CasePackageWriter, identity: string, request: ReportRequest): Promise<void> {
        const { reports } = this.#sources;
        let reason = NO_REPORT_HERE;
        if (reports !== undefined) {
            try {
                const report = await reports.issue(identity, request);
                writer.add(PACKAGE_FILES.reportJws, report.jws);
                writer.add(PACKAGE_FILES.reportPdf, new Uint8Array(Buffer.from(report.pdf, 'base64')));
                if (report.timestamp !== undefined) {
                    writer.add(
                        PACKAGE_FILES.reportTimestamp,
                        new Uint8Array(Buffer.from(report.timestamp.token, 'base64')),
                    );
                }
                return;
            } catch (error) {
                reason = `the notary could not issue a report: ${refusal(error) ?? (error as Error).message}`;
            }
        }
        writer.unavailable({ path: PACKAGE_FILES.reportJws, reason });
        writer.unavailable({ path: PACKAGE_FILES.reportPdf, reason });
    }
}

/** The reason an item's receipt cannot be made, when the ledger or the gateway refused it (not when it failed). */
function refusal(error: unknown): string | undefined {
    if (error instanceof ChaincodeRejectedError || error instanceof ProblemError) {
        return `${error.code}: ${error.message}`;
    }
    return undefined;
}

function pretty(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}

/** Waits until the client has taken what is buffered (or has gone). */
async function drained(out: PassThrough): Promise<void> {
    if (!out.writableNeedDrain || out.destroyed) {
        return;
    }
    await new Promise<void>((resolve) => {
        out.once('drain', resolve);
        out.once('close', resolve);
    });
}
