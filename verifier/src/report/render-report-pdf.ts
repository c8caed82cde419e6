import { sha256 } from '../crypto/sha256.js';
import { toHex, utf8 } from '../encoding/bytes.js';
import { answerFactors, type FactorAnswer, type SignedPart } from './court-factors.js';
import { COLOURS, PdfLayout, type ReportPageSize } from './pdf-layout.js';
import { checksOf } from './record-checks.js';
import { recordRows } from './record-rows.js';
import { type ReportFont } from './report-font.js';
import { REPORT_CHECK_NAMES, REPORT_CHECK_TITLES } from './report-check.js';
import { CHECK_NAMES, CHECK_TITLES } from '../checks/check-result.js';
import { type NotaryReportPayload, type ReportIdentity } from './report-payload.js';
import {
    characters,
    CHECK_TITLES_ZH,
    failedIn,
    footer,
    INSTRUMENTS,
    introduction,
    listOf,
    LIMITS,
    recordHeading,
    REPORT_CHECK_TITLES_ZH,
    SIGNED_PARTS,
    STATUS_TAGS,
    validFromTo,
    VERDICTS,
    verdictLine,
    VERIFY_RECORD_STEP,
    VERIFY_STEPS,
    WORDS,
    type Bilingual,
} from './report-wording.js';
import { VERIFIER_NAME, VERIFIER_VERSION } from './verifier-version.js';

/** How the PDF is rendered. */
export interface RenderReportOptions {
    /** The CJK font embedded (as a subset) for the report's text; see `loadReportFont`. */
    readonly font: ReportFont;
    /** A4 (the default) to print and file, or a phone-shaped page to read on one. */
    readonly pageSize?: ReportPageSize;
}

/**
 * The longest JWS Appendix A prints in full (about three A4 pages). A report on many records signs a payload of
 * hundreds of kilobytes that no one retypes from paper: beyond this the appendix gives the JWS's SHA-256, header
 * and signature, and the JWS itself is the attachment and the file issued with the PDF.
 */
export const JWS_PRINT_LIMIT = 30_000;

/** Name of the JWS attached to the PDF. */
export const JWS_ATTACHMENT_NAME = 'report.jws';

/**
 * Renders a signed report as a PDF a Chinese court reads, Chinese first and English second. What holds for every
 * record is written once: the verdict and a table of the records, the court rules' factors answered for all
 * records together (naming any record a factor is not established for), what the report does not establish, and
 * the method. Each record then gets a compact block of the signed bytes those answers rest on (block number,
 * transaction ID, which signature, which certificate) and a table of its checks; the reasons of failed checks, the
 * signed JWS and how to verify it are appendices. The JWS is also attached to the PDF. The PDF is a readable copy;
 * the JWS is the signed original. The same payload, JWS and font always give the same bytes.
 *
 * @throws {@link ReportFontError} when the font is unreadable or lacks Chinese glyphs: a report is never drawn
 *   without them.
 * @example writeFileSync('report.pdf', await renderReportPdf(payload, jws, { font: loadReportFont() }));
 */
export async function renderReportPdf(
    payload: NotaryReportPayload,
    jws: string,
    options: RenderReportOptions,
): Promise<Uint8Array> {
    const layout = await PdfLayout.create(options.font, options.pageSize);
    const compact = jws.trim().replace(/\s+/g, '');
    setMetadata(layout, payload);
    await layout.document.attach(utf8(compact), JWS_ATTACHMENT_NAME, {
        mimeType: 'application/jose',
        description: `${WORDS.title.en} ${payload.reportId} (compact JWS, RFC 7515)`,
        // Dates from the report, never the clock: the same report gives the same bytes.
        creationDate: new Date(payload.issuedAt),
        modificationDate: new Date(payload.issuedAt),
    });
    writeCover(layout, payload);
    writeFactors(layout, payload);
    writeLimits(layout);
    writeMethod(layout, payload);
    writeRecords(layout, payload);
    writeAppendices(layout, payload, compact);
    layout.footers((page, pages) => footer(payload.reportId, page, pages));
    return layout.document.save({ useObjectStreams: false });
}

function setMetadata(layout: PdfLayout, payload: NotaryReportPayload): void {
    const { document } = layout;
    const issued = new Date(payload.issuedAt);
    document.setTitle(`${WORDS.title.zh} ${payload.reportId} / Notary verification report ${payload.reportId}`);
    document.setSubject(`Verification of ${payload.items.length} LendLedger ledger record(s)`);
    document.setAuthor(`${payload.issuer.subject} (${payload.issuer.mspId})`);
    document.setKeywords([payload.reportId, payload.format, ...(payload.caseId === undefined ? [] : [payload.caseId])]);
    document.setLanguage('zh-CN');
    document.setCreator(`${VERIFIER_NAME} ${VERIFIER_VERSION}`);
    document.setProducer(`${VERIFIER_NAME} ${VERIFIER_VERSION} (pdf-lib)`);
    document.setCreationDate(issued);
    document.setModificationDate(issued);
}

function field(
    layout: PdfLayout,
    label: Bilingual,
    value: string,
    options: Parameters<PdfLayout['field']>[3] = {},
): void {
    layout.field(label.zh, label.en, value, options);
}

/** A value that differs by language, shown Chinese first. */
function both(value: Bilingual): string {
    return value.zh === value.en ? value.zh : `${value.zh}\n${value.en}`;
}

/** Chinese, then English on the same line. */
function inline(value: Bilingual): string {
    return value.zh === value.en ? value.zh : `${value.zh} / ${value.en}`;
}

function heading(layout: PdfLayout, text: Bilingual, level: 1 | 2 | 3): void {
    layout.heading(text.zh, text.en, level);
}

/** A section heading kept on the page of the section's first block. */
function section(layout: PdfLayout, text: Bilingual, first: () => void): void {
    layout.keepTogether(() => {
        heading(layout, text, 2);
        first();
    });
}

function writeCover(layout: PdfLayout, payload: NotaryReportPayload): void {
    heading(layout, WORDS.title, 1);
    layout.bilingual(WORDS.subtitle.zh, WORDS.subtitle.en, { colour: COLOURS.muted });
    layout.space(6);
    field(layout, WORDS.reportId, payload.reportId);
    if (payload.caseId !== undefined) {
        field(layout, WORDS.caseId, payload.caseId);
    }
    field(layout, WORDS.issuedBy, `${payload.issuer.subject} (${payload.issuer.mspId})`);
    field(layout, WORDS.issuedAt, payload.issuedAt);
    const { items, verified } = payload.counts;
    field(layout, WORDS.overallVerdict, both(verdictLine(payload.verdict, verified, items)), {
        bold: true,
        colour: payload.verdict === 'verified' ? COLOURS.pass : COLOURS.fail,
    });
    layout.space(6);
    const intro = introduction(items);
    layout.bilingual(intro.zh, intro.en);
    const glance = payload.items.map((item, i) => () => {
        const verdict = inline(VERDICTS[item.verdict]);
        const block = item.creation.blockNumber === null ? '?' : `${item.creation.blockNumber}`;
        const colour = item.verdict === 'verified' ? COLOURS.pass : COLOURS.fail;
        const fingerprint = item.fingerprint ?? inline(WORDS.notEstablished);
        if (layout.narrow) {
            layout.row(
                `${WORDS.record.zh} ${i + 1}`,
                `${WORDS.record.en} ${i + 1}`,
                `${verdict} · ${block}\n${fingerprint}`,
                {
                    colour,
                },
            );
            return;
        }
        const size = layout.body * 0.78;
        layout.cells(
            [
                { text: `${i + 1}`, at: 0 },
                { text: verdict, at: 20, colour, bold: item.verdict !== 'verified' },
                { text: block, at: 118 },
                { text: fingerprint, at: 150, mono: true, size: size * 0.93 },
            ],
            size,
        );
    });
    section(layout, WORDS.glance, () => {
        if (!layout.narrow) {
            const size = layout.body * 0.78;
            layout.cells(
                [
                    { text: '#', at: 0, colour: COLOURS.muted },
                    { text: inline(WORDS.verdict), at: 20, colour: COLOURS.muted },
                    { text: inline(WORDS.block), at: 118, colour: COLOURS.muted },
                    { text: inline(WORDS.fingerprint), at: 150, colour: COLOURS.muted },
                ],
                size,
            );
        }
        glance[0]?.();
    });
    glance.slice(1).forEach((line) => line());
}

/** The court rules' factors, each answered once for all records, with the signed bytes it rests on. */
function writeFactors(layout: PdfLayout, payload: NotaryReportPayload): void {
    section(layout, WORDS.factorsAndAnswers, () => {
        for (const instrument of Object.values(INSTRUMENTS)) {
            layout.bilingual(`· ${instrument.zh}`, instrument.en, { indent: 4 });
        }
        layout.bilingual(WORDS.rulesIntro.zh, WORDS.rulesIntro.en);
    });
    answerFactors(payload.items).forEach((answer, i) =>
        layout.keepTogether(() => writeFactor(layout, answer, i + 1, payload.issuer)),
    );
    layout.bilingual(WORDS.rulesNote.zh, WORDS.rulesNote.en, { colour: COLOURS.muted, size: layout.body * 0.85 });
}

function writeFactor(layout: PdfLayout, answer: FactorAnswer, number: number, issuer: ReportIdentity): void {
    const { factor } = answer;
    const small = layout.body * 0.85;
    layout.space(5);
    layout.paragraph(`${number}. ${factor.title.zh}`, { bold: true, size: layout.body * 1.1 });
    layout.paragraph(factor.title.en, { bold: true, colour: COLOURS.muted });
    layout.paragraph(factor.rule.zh, { size: small, colour: COLOURS.muted });
    layout.paragraph(factor.rule.en, { size: small, colour: COLOURS.muted });
    field(layout, WORDS.answer, both(answer.answer), {
        bold: true,
        colour:
            answer.status === 'not-established'
                ? COLOURS.fail
                : answer.status === 'partly'
                  ? COLOURS.text
                  : COLOURS.pass,
    });
    layout.bilingual(factor.answer.zh, factor.answer.en, { size: layout.body * 0.92 });
    if (factor.limit !== undefined) {
        field(layout, WORDS.limit, both(factor.limit), { size: small });
    }
    const parts = factor.signed.map((part) => signedPart(part, issuer));
    field(layout, WORDS.signedRows, both(listOf(parts)), {
        size: small,
    });
    const checks = answer.checks.map((check) => check.id).join(', ');
    const failures = answer.checks.filter((check) => check.failedIn.length > 0);
    field(
        layout,
        WORDS.checks,
        [checks, ...failures.map((check) => both(failedIn(check.id, check.failedIn)))].join('\n'),
        {
            size: small,
            colour: failures.length > 0 ? COLOURS.fail : COLOURS.text,
        },
    );
}

function signedPart(part: SignedPart, issuer: ReportIdentity): Bilingual {
    if (part === 'report-jws') {
        const signer = `${issuer.subject} (${issuer.mspId})`;
        return { zh: `${WORDS.reportSignature.zh} ${signer}`, en: `${WORDS.reportSignature.en} ${signer}` };
    }
    return SIGNED_PARTS[part];
}

function writeLimits(layout: PdfLayout): void {
    // Short enough to keep whole: its last lines never stand alone on a page.
    layout.keepTogether(() => {
        heading(layout, WORDS.limits, 2);
        LIMITS.forEach((limit, i) => layout.bilingual(`${i + 1}. ${limit.zh}`, limit.en, { indent: 4 }));
    });
}

function writeMethod(layout: PdfLayout, payload: NotaryReportPayload): void {
    const { method } = payload;
    section(layout, WORDS.method, () =>
        field(
            layout,
            WORDS.verifier,
            `${method.verifier} ${method.verifierVersion}\n${WORDS.verifierNote.zh}\n${WORDS.verifierNote.en}`,
        ),
    );
    layout.keepTogether(() => {
        heading(layout, WORDS.algorithms, 3);
        for (const algorithm of method.algorithms) {
            field(layout, { zh: algorithm.name, en: '' }, `${algorithm.standard}: ${algorithm.usedFor}`, {
                size: layout.body * 0.9,
            });
        }
    });
    const anchors = method.trustAnchors.map((anchor) => () => {
        layout.row(
            anchor.mspId,
            anchor.kind,
            `${anchor.subject}\nSHA-256 ${anchor.sha256}\n${inline(validFromTo(anchor.notBefore, anchor.notAfter))}`,
        );
        layout.space(2);
    });
    layout.keepTogether(() => {
        heading(layout, WORDS.trustAnchors, 3);
        anchors[0]?.();
    });
    anchors.slice(1).forEach((anchor) => layout.keepTogether(anchor));
    const names = [...new Set([...CHECK_NAMES, ...payload.items.flatMap((item) => checksOf(item).map((c) => c.id))])];
    const legend = names.map((name) => () => {
        const en = (CHECK_TITLES as Readonly<Record<string, string>>)[name] ?? name;
        layout.row(name, '', `${CHECK_TITLES_ZH[name] ?? en}\n${en}`, { size: layout.body * 0.8 });
    });
    layout.keepTogether(() => {
        heading(layout, WORDS.checkLegend, 3);
        layout.bilingual(WORDS.checkLegendNote.zh, WORDS.checkLegendNote.en, {
            colour: COLOURS.muted,
            size: layout.body * 0.85,
        });
        legend[0]?.();
    });
    legend.slice(1).forEach((line) => line());
}

/** Each record's block: the signed bytes the answers rest on, and its checks. */
function writeRecords(layout: PdfLayout, payload: NotaryReportPayload): void {
    const total = payload.items.length;
    const blocks = payload.items.map((item, i) => () => {
        layout.rule();
        const title = recordHeading(i + 1, total);
        const verdict = inline(VERDICTS[item.verdict]);
        const colour = item.verdict === 'verified' ? COLOURS.pass : COLOURS.fail;
        if (layout.narrow) {
            layout.paragraph(`${title.zh}  ${title.en}`, { bold: true, size: layout.body * 1.05 });
            layout.paragraph(verdict, { bold: true, colour });
        } else {
            layout.cells(
                [
                    { text: `${title.zh}  ${title.en}`, at: 0, bold: true },
                    { text: verdict, at: layout.width - 130, bold: true, colour },
                ],
                layout.body * 1.05,
            );
        }
        layout.space(1);
        for (const row of recordRows(item)) {
            layout.row(row.label.zh, row.label.en, row.value, {
                ...(row.mono === true ? { mono: true, size: layout.body * 0.8 } : {}),
                ...(row.tone === undefined
                    ? {}
                    : { bold: true, colour: row.tone === 'pass' ? COLOURS.pass : COLOURS.fail }),
            });
        }
        layout.space(2);
        layout.checkGrid(
            checksOf(item).map((check) => ({ status: check.status, tag: STATUS_TAGS[check.status], name: check.id })),
        );
    });
    section(layout, WORDS.recordsSection, () => {
        layout.bilingual(WORDS.recordsNote.zh, WORDS.recordsNote.en, {
            colour: COLOURS.muted,
            size: layout.body * 0.85,
        });
        blocks[0]?.();
    });
    blocks.slice(1).forEach((block) => layout.keepTogether(block));
}

function writeAppendices(layout: PdfLayout, payload: NotaryReportPayload, jws: string): void {
    section(layout, WORDS.appendixA, () => {
        layout.bilingual(WORDS.appendixANote.zh, WORDS.appendixANote.en, { colour: COLOURS.muted });
        field(layout, WORDS.jwsSha256, toHex(sha256(utf8(jws))), { mono: true, size: layout.body * 0.8 });
        field(layout, WORDS.jwsLength, inline(characters(jws.length)));
        field(layout, WORDS.jwsAttachment, JWS_ATTACHMENT_NAME, { mono: true });
    });
    layout.space(4);
    if (jws.length <= JWS_PRINT_LIMIT) {
        layout.paragraph(jws, { mono: true, size: layout.body * 0.75 });
    } else {
        const [header = '', , signature = ''] = jws.split('.');
        layout.bilingual(WORDS.jwsTooLong.zh, WORDS.jwsTooLong.en);
        field(layout, WORDS.jwsHeaderPart, header, { mono: true, size: layout.body * 0.7 });
        field(layout, WORDS.jwsSignaturePart, signature, { mono: true, size: layout.body * 0.7 });
    }
    layout.keepTogether(() => {
        heading(layout, WORDS.appendixB, 2);
        VERIFY_STEPS.forEach((step, i) => layout.bilingual(`${i + 1}. ${step.zh}`, step.en, { indent: 8 }));
        for (const name of REPORT_CHECK_NAMES) {
            const en = REPORT_CHECK_TITLES[name];
            layout.row(name, '', `${REPORT_CHECK_TITLES_ZH[name] ?? en}\n${en}`, { size: layout.body * 0.8 });
        }
        layout.space(3);
        layout.bilingual(`${VERIFY_STEPS.length + 1}. ${VERIFY_RECORD_STEP.zh}`, VERIFY_RECORD_STEP.en, { indent: 8 });
    });
    writeFailedChecks(layout, payload);
}

/** Appendix C: the verifier's reason for every check that failed, record by record. */
function writeFailedChecks(layout: PdfLayout, payload: NotaryReportPayload): void {
    const failed = payload.items.flatMap((item, i) =>
        checksOf(item)
            .filter((check) => check.status === 'fail')
            .map((check) => () => {
                const title = recordHeading(i + 1, payload.items.length);
                layout.check(
                    check.status,
                    STATUS_TAGS[check.status],
                    `${title.zh} · ${CHECK_TITLES_ZH[check.id] ?? check.title}`,
                    `${title.en} · ${check.title}`,
                    `${check.id}: ${check.detail}`,
                );
            }),
    );
    section(layout, WORDS.appendixC, () => {
        layout.bilingual(WORDS.appendixCNote.zh, WORDS.appendixCNote.en, {
            colour: COLOURS.muted,
            size: layout.body * 0.85,
        });
        if (failed.length === 0) {
            layout.bilingual(WORDS.appendixCNone.zh, WORDS.appendixCNone.en);
        }
        failed[0]?.();
    });
    failed.slice(1).forEach((entry) => layout.keepTogether(entry));
}
