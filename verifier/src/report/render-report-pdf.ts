import { COURT_QUESTIONS } from './court-questions.js';
import { COLOURS, PdfLayout } from './pdf-layout.js';
import { REPORT_CHECK_TITLES, REPORT_CHECK_NAMES } from './report-check.js';
import {
    type Finding,
    type NotaryReportPayload,
    type ReportIdentity,
    type ReportItem,
    type ReportVerdict,
} from './report-payload.js';
import { VERIFIER_NAME, VERIFIER_VERSION } from './verifier-version.js';

const VERDICT_WORDS: Readonly<Record<ReportVerdict, string>> = { verified: 'VERIFIED', 'not-verified': 'NOT VERIFIED' };

/**
 * Renders a signed report as a PDF a judge reads: the verdict, then for each record the four questions a court asks
 * with the evidence behind each answer, the method and trust anchors, and in appendices the signed JWS and how to
 * verify it. The PDF is a readable copy; the JWS it reproduces is the signed original. The same payload and JWS
 * always give the same bytes.
 *
 * @example writeFileSync('report.pdf', await renderReportPdf(payload, jws));
 */
export async function renderReportPdf(payload: NotaryReportPayload, jws: string): Promise<Uint8Array> {
    const layout = await PdfLayout.create();
    setMetadata(layout, payload);
    writeCover(layout, payload);
    payload.items.forEach((item, i) => writeItem(layout, item, i + 1, payload.items.length));
    writeMethod(layout, payload);
    writeAppendices(layout, jws);
    layout.footers((page, pages) => `Notary verification report ${payload.reportId} - page ${page} of ${pages}`);
    return layout.document.save({ useObjectStreams: false });
}

function setMetadata(layout: PdfLayout, payload: NotaryReportPayload): void {
    const { document } = layout;
    const issued = new Date(payload.issuedAt);
    document.setTitle(`Notary verification report ${payload.reportId}`);
    document.setSubject(`Verification of ${payload.items.length} LendLedger ledger record(s)`);
    document.setAuthor(`${payload.issuer.subject} (${payload.issuer.mspId})`);
    document.setKeywords([payload.reportId, payload.format, ...(payload.caseId === undefined ? [] : [payload.caseId])]);
    document.setCreator(`${VERIFIER_NAME} ${VERIFIER_VERSION}`);
    document.setProducer(`${VERIFIER_NAME} ${VERIFIER_VERSION} (pdf-lib)`);
    document.setCreationDate(issued);
    document.setModificationDate(issued);
}

function writeCover(layout: PdfLayout, payload: NotaryReportPayload): void {
    layout.heading('Notary Verification Report', 1);
    layout.paragraph('LendLedger evidence ledger - verification of ledger records by the notary organisation', {
        colour: COLOURS.muted,
    });
    layout.space(10);
    layout.field('Report ID', payload.reportId);
    if (payload.caseId !== undefined) {
        layout.field('Case', payload.caseId);
    }
    layout.field('Issued by', `${payload.issuer.subject} (${payload.issuer.mspId})`);
    layout.field('Issued at', payload.issuedAt);
    layout.field('Overall verdict', verdictLine(payload), {
        font: layout.bold,
        colour: payload.verdict === 'verified' ? COLOURS.pass : COLOURS.fail,
    });
    layout.space(8);
    layout.paragraph(
        `This report states what the notary verified about ${payload.counts.items} record(s) written to the ` +
            'consortium ledger. For each record it answers the four questions a court examines about electronic ' +
            'data: who wrote it and when, whether it changed since, which independent organisations witnessed it, ' +
            'and how it was verified. The signed original of this report is the JWS reproduced in Appendix A; this ' +
            'PDF is a readable copy of it. Anyone can repeat the verification offline as Appendix B describes.',
    );
    layout.heading('Records', 2);
    payload.items.forEach((item, i) => {
        const where = item.creation.blockNumber === null ? '' : `, block ${item.creation.blockNumber}`;
        layout.field(
            `Record ${i + 1}`,
            `${VERDICT_WORDS[item.verdict]} - ${item.fingerprint ?? '(unreadable)'}${where}`,
            {
                colour: item.verdict === 'verified' ? COLOURS.pass : COLOURS.fail,
            },
        );
    });
}

function verdictLine(payload: NotaryReportPayload): string {
    const { items, verified } = payload.counts;
    return `${VERDICT_WORDS[payload.verdict]} (${verified} of ${items} record(s) verified)`;
}

function writeItem(layout: PdfLayout, item: ReportItem, index: number, total: number): void {
    layout.newPage();
    layout.heading(`Record ${index} of ${total}`, 2);
    layout.field('Fingerprint', item.fingerprint ?? '(unreadable)', { font: layout.mono, size: 8.5 });
    layout.field('Verdict', VERDICT_WORDS[item.verdict], {
        font: layout.bold,
        colour: item.verdict === 'verified' ? COLOURS.pass : COLOURS.fail,
    });

    const { creation, integrity, witnesses, method } = item;
    writeQuestion(layout, 1, creation, () => {
        layout.field('Written by', identity(creation.writtenBy));
        layout.field(
            'Time',
            creation.time === null
                ? 'not established'
                : `${creation.time} (asserted and signed by the submitting client)`,
        );
        layout.field(
            'Block',
            creation.blockNumber === null
                ? 'not established'
                : `${creation.blockNumber}, entry ${creation.transactionIndex ?? '?'}`,
        );
        layout.field('Transaction ID', creation.transactionId ?? 'not established', { font: layout.mono, size: 8.5 });
        layout.field(
            'Channel, chaincode',
            `${creation.channel ?? '?'}, ${creation.chaincode ?? '?'} (${creation.function ?? 'no function'})`,
        );
    });
    writeQuestion(layout, 2, integrity, () => {
        layout.field(
            'Written to',
            integrity.written === null
                ? 'not established'
                : `key ${integrity.written.key}, member ${integrity.written.member}`,
        );
        layout.field(
            'How written',
            integrity.anchor === null
                ? 'directly, by its own transaction'
                : `in an anchored batch: leaf ${integrity.anchor.index} of ${integrity.anchor.treeSize} under Merkle root ${integrity.anchor.anchorId}`,
        );
        layout.field(
            'Document',
            integrity.documentPresented
                ? 'presented to the notary and hashed'
                : 'not presented; the fingerprint was verified, the document itself was not examined',
        );
    });
    writeQuestion(layout, 3, witnesses, () => {
        witnesses.endorsedBy.forEach((endorser, i) => layout.field(i === 0 ? 'Endorsed by' : '', identity(endorser)));
        witnesses.orderedBy.forEach((orderer, i) => layout.field(i === 0 ? 'Ordered by' : '', identity(orderer)));
        if (witnesses.endorsedBy.length === 0) {
            layout.field('Endorsed by', 'not established');
        }
    });
    writeQuestion(layout, 4, method, () => {
        layout.field('Receipt format', method.receiptFormat ?? 'not established');
        layout.field('Verifier', 'see "Verification method" below for algorithms and trust anchors');
    });
}

function writeQuestion(layout: PdfLayout, number: number, finding: Finding, facts: () => void): void {
    layout.heading(`${number}. ${finding.question}`, 3);
    const established = finding.verdict === 'established';
    layout.field('Answer', established ? 'Established' : 'NOT established', {
        font: layout.bold,
        colour: established ? COLOURS.pass : COLOURS.fail,
    });
    facts();
    layout.space(3);
    layout.paragraph('Evidence:', { font: layout.bold });
    for (const check of finding.checks) {
        layout.check(check.status, check.title, `${check.id}: ${check.detail}`);
    }
}

function identity(who: ReportIdentity | null): string {
    if (who === null) {
        return 'not established';
    }
    return `${who.subject} (${who.mspId}${who.role === undefined ? '' : `, ${who.role}`})`;
}

function writeMethod(layout: PdfLayout, payload: NotaryReportPayload): void {
    const { method } = payload;
    layout.newPage();
    layout.heading('Verification method', 2);
    layout.field('Verifier', `${method.verifier} ${method.verifierVersion} (open source, runs offline)`);
    layout.paragraph(
        `Each record was verified against the consortium roots below; the questions draw on these receipt checks: ${Object.values(
            COURT_QUESTIONS,
        )
            .map((q) => q.checks.join(', '))
            .join('; ')}.`,
        { colour: COLOURS.muted, size: 8 },
    );
    layout.heading('Algorithms', 3);
    for (const algorithm of method.algorithms) {
        layout.field(algorithm.name, `${algorithm.standard}: ${algorithm.usedFor}`);
    }
    layout.heading('Trust anchors (consortium root certificates)', 3);
    for (const anchor of method.trustAnchors) {
        layout.field(`${anchor.mspId} ${anchor.kind}`, anchor.subject);
        layout.field('', `SHA-256 ${anchor.sha256}`, { font: layout.mono, size: 7.5 });
        layout.field('', `valid ${anchor.notBefore} to ${anchor.notAfter}`, { colour: COLOURS.muted, size: 8 });
        layout.space(3);
    }
}

function writeAppendices(layout: PdfLayout, jws: string): void {
    layout.newPage();
    layout.heading('Appendix A - the signed report (JWS)', 2);
    layout.paragraph(
        'The line breaks below are only for printing: joined without spaces or breaks, the text is the compact JWS ' +
            '(RFC 7515) the notary signed.',
        { colour: COLOURS.muted },
    );
    layout.space(4);
    layout.paragraph(jws.trim().replace(/\s+/g, ''), { font: layout.mono, size: 7 });
    layout.heading('Appendix B - how to verify this report', 2);
    const steps = [
        'Save the text of Appendix A, joined into one line, as report.jws (or use the .jws file issued with this PDF).',
        'Obtain the consortium roots bundle (roots.json) from a source independent of the notary, and check that ' +
            'the SHA-256 of each root matches the trust anchors listed under "Verification method".',
        'Run: lendledger-verify-report report.jws --roots roots.json',
        'The report is authentic and unaltered only if every check prints PASS:',
    ];
    steps.forEach((step, i) => layout.paragraph(`${i + 1}. ${step}`, { indent: 8 }));
    for (const name of REPORT_CHECK_NAMES) {
        layout.paragraph(`- ${name}: ${REPORT_CHECK_TITLES[name]}`, { indent: 24, size: 8.5 });
    }
    layout.paragraph(
        '5. Each record can also be verified on its own from its receipt: lendledger-verify <receipt.json> --roots ' +
            'roots.json',
        { indent: 8 },
    );
}
