import { type NotaryReportPayload } from '@lendledger/verifier';

/** What the render worker starts with: the report font's bytes, copied into it once per worker. */
export interface ReportPdfWorkerData {
    readonly fontBytes: Uint8Array;
    readonly fontSource: string;
}

/** One render asked of the worker. */
export interface ReportPdfRequest {
    readonly id: number;
    readonly payload: NotaryReportPayload;
    readonly jws: string;
}

/** The worker's answer to one request: the PDF, or why it was not drawn (its code when the error had one). */
export type ReportPdfAnswer =
    | { readonly id: number; readonly pdf: Uint8Array }
    | { readonly id: number; readonly error: { readonly code?: string; readonly message: string } };
