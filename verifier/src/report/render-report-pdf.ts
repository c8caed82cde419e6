import { answerFactors, COURT_FACTORS, type FactorAnswer } from './court-factors.js';
import { COLOURS, PdfLayout, type ReportPageSize } from './pdf-layout.js';
import { type ReportFont } from './report-font.js';
import { REPORT_CHECK_NAMES, REPORT_CHECK_TITLES } from './report-check.js';
import {
    type NotaryReportPayload,
    type ReportedCheck,
    type ReportIdentity,
    type ReportItem,
} from './report-payload.js';
import {
    anchoredIn,
    blockEntry,
    CHECK_TITLES_ZH,
    coverRecord,
    footer,
    INSTRUMENTS,
    introduction,
    LIMITS,
    recordHeading,
    REPORT_CHECK_TITLES_ZH,
    STATUS_TAGS,
    validFromTo,
    VERDICTS,
    verdictLine,
    VERIFY_RECORD_STEP,
    VERIFY_STEPS,
    WORDS,
    writtenTo,
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
 * Renders a signed report as a PDF a Chinese court reads, Chinese first and English second: the verdict, the court
 * rules it answers, what it does not establish, then for each record the verified facts and each factor of the
 * rules with the signed bytes its answer rests on, the method and trust anchors, and in appendices the signed JWS
 * and how to verify it. The PDF is a readable copy; the JWS it reproduces is the signed original. The same
 * payload, JWS and font always give the same bytes.
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
    setMetadata(layout, payload);
    writeCover(layout, payload);
    writeRules(layout);
    writeLimits(layout);
    const issuer: ReportIdentity = payload.issuer;
    payload.items.forEach((item, i) => {
        writeItem(layout, item, i + 1, payload.items.length);
        writeFactors(layout, answerFactors(item, { trustAnchors: payload.method.trustAnchors, issuer }));
        writeCheckDetails(layout, item);
    });
    writeMethod(layout, payload);
    writeAppendices(layout, jws);
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

function heading(layout: PdfLayout, text: Bilingual, level: 1 | 2 | 3): void {
    layout.heading(text.zh, text.en, level);
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
    heading(layout, WORDS.records, 2);
    payload.items.forEach((item, i) => {
        const line = coverRecord(item.verdict, item.fingerprint ?? '?', item.creation.blockNumber);
        field(layout, { zh: `${WORDS.record.zh} ${i + 1}`, en: `${WORDS.record.en} ${i + 1}` }, both(line), {
            colour: item.verdict === 'verified' ? COLOURS.pass : COLOURS.fail,
        });
    });
}

function writeRules(layout: PdfLayout): void {
    heading(layout, WORDS.rules, 2);
    for (const instrument of Object.values(INSTRUMENTS)) {
        layout.bilingual(`· ${instrument.zh}`, instrument.en, { indent: 4 });
    }
    layout.bilingual(WORDS.rulesIntro.zh, WORDS.rulesIntro.en);
    COURT_FACTORS.forEach((factor, i) => {
        layout.paragraph(`${i + 1}. ${factor.title.zh} / ${factor.title.en}`, { bold: true, indent: 4 });
        layout.bilingual(factor.rule.zh, factor.rule.en, { indent: 16, size: layout.body * 0.9 });
    });
    layout.bilingual(WORDS.rulesNote.zh, WORDS.rulesNote.en, { colour: COLOURS.muted, size: layout.body * 0.85 });
}

function writeLimits(layout: PdfLayout): void {
    heading(layout, WORDS.limits, 2);
    LIMITS.forEach((limit, i) => layout.bilingual(`${i + 1}. ${limit.zh}`, limit.en, { indent: 4 }));
}

function writeItem(layout: PdfLayout, item: ReportItem, index: number, total: number): void {
    layout.newPage();
    heading(layout, recordHeading(index, total), 2);
    field(layout, WORDS.fingerprint, item.fingerprint ?? WORDS.notEstablished.zh, {
        mono: true,
        size: layout.body * 0.85,
    });
    field(layout, WORDS.verdict, both(VERDICTS[item.verdict]), {
        bold: true,
        colour: item.verdict === 'verified' ? COLOURS.pass : COLOURS.fail,
    });
    heading(layout, WORDS.facts, 3);
    const { creation, integrity, witnesses, method } = item;
    const unknown = both(WORDS.notEstablished);
    field(layout, WORDS.writtenBy, identity(creation.writtenBy));
    field(
        layout,
        WORDS.time,
        creation.time === null ? unknown : `${creation.time}\n${WORDS.clientTime.zh}\n${WORDS.clientTime.en}`,
    );
    field(
        layout,
        WORDS.block,
        creation.blockNumber === null ? unknown : both(blockEntry(creation.blockNumber, creation.transactionIndex)),
    );
    field(layout, WORDS.transactionId, creation.transactionId ?? unknown, { mono: true, size: layout.body * 0.85 });
    field(
        layout,
        WORDS.channelChaincode,
        `${creation.channel ?? '?'}, ${creation.chaincode ?? '?'} (${creation.function ?? '-'})`,
    );
    field(
        layout,
        WORDS.writtenTo,
        integrity.written === null ? unknown : both(writtenTo(integrity.written.key, integrity.written.member)),
    );
    field(
        layout,
        WORDS.howWritten,
        integrity.anchor === null
            ? both(WORDS.direct)
            : both(anchoredIn(integrity.anchor.index, integrity.anchor.treeSize, integrity.anchor.anchorId)),
    );
    field(
        layout,
        WORDS.document,
        both(integrity.documentPresented ? WORDS.documentPresented : WORDS.documentNotPresented),
    );
    field(
        layout,
        WORDS.endorsedBy,
        witnesses.endorsedBy.length === 0 ? unknown : witnesses.endorsedBy.map(identity).join('\n'),
    );
    field(
        layout,
        WORDS.orderedBy,
        witnesses.orderedBy.length === 0 ? unknown : witnesses.orderedBy.map(identity).join('\n'),
    );
    field(layout, WORDS.receiptFormat, method.receiptFormat ?? unknown);
}

function writeFactors(layout: PdfLayout, answers: readonly FactorAnswer[]): void {
    heading(layout, WORDS.factors, 3);
    answers.forEach((answer, i) => {
        const { factor } = answer;
        layout.space(4);
        layout.paragraph(`${i + 1}. ${factor.title.zh}`, { bold: true, size: layout.body * 1.1 });
        layout.paragraph(factor.title.en, { bold: true, colour: COLOURS.muted });
        layout.paragraph(factor.rule.zh, { size: layout.body * 0.85, colour: COLOURS.muted });
        layout.paragraph(factor.rule.en, { size: layout.body * 0.85, colour: COLOURS.muted });
        field(layout, WORDS.answer, both(answer.answer), {
            bold: true,
            colour:
                answer.status === 'not-established'
                    ? COLOURS.fail
                    : answer.status === 'partly'
                      ? COLOURS.text
                      : COLOURS.pass,
        });
        layout.bilingual(factor.answer.zh, factor.answer.en, { size: layout.body * 0.95 });
        if (factor.limit !== undefined) {
            field(layout, WORDS.limit, both(factor.limit), { size: layout.body * 0.9 });
        }
        if (answer.signed.length > 0) {
            layout.paragraph(`${WORDS.signedBytes.zh} / ${WORDS.signedBytes.en}`, {
                bold: true,
                size: layout.body * 0.95,
            });
            for (const part of answer.signed) {
                layout.paragraph(`· ${part.zh}`, { indent: 8, size: layout.body * 0.85 });
                layout.paragraph(part.en, { indent: 16, size: layout.body * 0.85, colour: COLOURS.muted });
            }
        }
        layout.paragraph(`${WORDS.checks.zh} / ${WORDS.checks.en}`, { bold: true, size: layout.body * 0.95 });
        for (const check of answer.checks) {
            layout.paragraph(`${STATUS_TAGS[check.status]}  ${check.id}  ${CHECK_TITLES_ZH[check.id] ?? check.title}`, {
                indent: 8,
                size: layout.body * 0.85,
                colour: check.status === 'fail' ? COLOURS.fail : COLOURS.text,
            });
        }
    });
}

/** Every check of the record once, with the verifier's reason: the factors above cite them by name. */
function writeCheckDetails(layout: PdfLayout, item: ReportItem): void {
    heading(layout, WORDS.checkDetails, 3);
    layout.bilingual(WORDS.checkDetailsNote.zh, WORDS.checkDetailsNote.en, {
        colour: COLOURS.muted,
        size: layout.body * 0.85,
    });
    const seen = new Set<string>();
    for (const finding of [item.creation, item.integrity, item.witnesses, item.method]) {
        for (const check of finding.checks.filter((c) => !seen.has(c.id))) {
            seen.add(check.id);
            writeCheck(layout, check);
        }
    }
}

function writeCheck(layout: PdfLayout, check: ReportedCheck): void {
    layout.check(
        check.status,
        STATUS_TAGS[check.status],
        CHECK_TITLES_ZH[check.id] ?? check.title,
        check.title,
        `${check.id}: ${check.detail}`,
    );
}

function identity(who: ReportIdentity | null): string {
    if (who === null) {
        return both(WORDS.notEstablished);
    }
    return `${who.subject} (${who.mspId}${who.role === undefined ? '' : `, ${who.role}`})`;
}

function writeMethod(layout: PdfLayout, payload: NotaryReportPayload): void {
    const { method } = payload;
    layout.newPage();
    heading(layout, WORDS.method, 2);
    field(
        layout,
        WORDS.verifier,
        `${method.verifier} ${method.verifierVersion}\n${WORDS.verifierNote.zh}\n${WORDS.verifierNote.en}`,
    );
    heading(layout, WORDS.algorithms, 3);
    for (const algorithm of method.algorithms) {
        field(layout, { zh: algorithm.name, en: '' }, `${algorithm.standard}: ${algorithm.usedFor}`);
    }
    heading(layout, WORDS.trustAnchors, 3);
    for (const anchor of method.trustAnchors) {
        field(layout, { zh: anchor.mspId, en: anchor.kind }, anchor.subject);
        field(layout, { zh: '', en: '' }, `SHA-256 ${anchor.sha256}`, { mono: true, size: layout.body * 0.8 });
        field(layout, { zh: '', en: '' }, both(validFromTo(anchor.notBefore, anchor.notAfter)), {
            colour: COLOURS.muted,
            size: layout.body * 0.85,
        });
        layout.space(3);
    }
}

function writeAppendices(layout: PdfLayout, jws: string): void {
    layout.newPage();
    heading(layout, WORDS.appendixA, 2);
    layout.bilingual(WORDS.appendixANote.zh, WORDS.appendixANote.en, { colour: COLOURS.muted });
    layout.space(4);
    layout.paragraph(jws.trim().replace(/\s+/g, ''), { mono: true, size: layout.body * 0.75 });
    heading(layout, WORDS.appendixB, 2);
    VERIFY_STEPS.forEach((step, i) => layout.bilingual(`${i + 1}. ${step.zh}`, step.en, { indent: 8 }));
    for (const name of REPORT_CHECK_NAMES) {
        layout.paragraph(`- ${name}: ${REPORT_CHECK_TITLES_ZH[name] ?? REPORT_CHECK_TITLES[name]}`, {
            indent: 24,
            size: layout.body * 0.9,
        });
        layout.paragraph(REPORT_CHECK_TITLES[name], { indent: 32, size: layout.body * 0.85, colour: COLOURS.muted });
    }
    layout.bilingual(`${VERIFY_STEPS.length + 1}. ${VERIFY_RECORD_STEP.zh}`, VERIFY_RECORD_STEP.en, { indent: 8 });
}
