import { type JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { idempotencyKey } from '../../common/api.ts';
import { useT } from '../../common/i18n.ts';
import { ErrorNotice } from '../../common/ui.tsx';
import { attestCase, issueReport, type IssuedReport } from './case-api.ts';
import { CASE_MESSAGES } from './case-messages.ts';
import { base64Bytes, reportDigest, reportFileName } from './report-files.ts';

/** The statements a notary makes of a package (short codes on the ledger). */
const STATEMENTS = ['PACKAGE_VERIFIED', 'ORIGINAL_INSPECTED'] as const;

interface Report {
    readonly issued: IssuedReport;
    readonly digest: string;
    readonly pdfUrl: string;
    readonly jwsUrl: string;
}

/** The notary's actions on a case: attest its package, and issue a signed verification report to download. */
export function NotaryPanel(props: {
    readonly caseId: string;
    readonly packageRoot: string;
    readonly onAttested: () => void;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const [statement, setStatement] = useState<string>(STATEMENTS[0]);
    const keys = useRef(new Map<string, string>());
    const [busy, setBusy] = useState<'attest' | 'report'>();
    const [attested, setAttested] = useState<string>();
    const [report, setReport] = useState<Report>();
    const [error, setError] = useState<unknown>();

    // The object URLs hold the report's bytes: let them go with the panel.
    useEffect(
        () => () => {
            if (report) {
                URL.revokeObjectURL(report.pdfUrl);
                URL.revokeObjectURL(report.jwsUrl);
            }
        },
        [report],
    );

    const attest = async (): Promise<void> => {
        const identity = `${props.caseId}|${props.packageRoot}|${statement}`;
        const key = keys.current.get(identity) ?? idempotencyKey();
        keys.current.set(identity, key);
        setBusy('attest');
        setError(undefined);
        try {
            const { txId } = await attestCase(props.caseId, props.packageRoot, statement, key);
            setAttested(txId);
            props.onAttested();
        } catch (e) {
            setError(e);
        } finally {
            setBusy(undefined);
        }
    };

    const issue = async (): Promise<void> => {
        setBusy('report');
        setError(undefined);
        try {
            const issued = await issueReport(props.caseId);
            setReport({
                issued,
                digest: await reportDigest(issued.jws),
                pdfUrl: URL.createObjectURL(new Blob([base64Bytes(issued.pdf)], { type: 'application/pdf' })),
                jwsUrl: URL.createObjectURL(new Blob([issued.jws], { type: 'application/jose' })),
            });
        } catch (e) {
            setError(e);
        } finally {
            setBusy(undefined);
        }
    };

    return (
        <section class="panel" aria-labelledby="notary-title">
            <h2 id="notary-title">{t('notary')}</h2>
            <div class="bulk-form">
                <label>
                    {t('statement')}
                    <select
                        value={statement}
                        onChange={(e) => setStatement((e.currentTarget as HTMLSelectElement).value)}
                    >
                        {STATEMENTS.map((s) => (
                            <option key={s} value={s}>
                                {s}
                            </option>
                        ))}
                    </select>
                </label>
            </div>
            <p class="actions">
                <button type="button" disabled={busy !== undefined} onClick={() => void attest()}>
                    {t('attest')}
                </button>{' '}
                <button type="button" class="secondary" disabled={busy !== undefined} onClick={() => void issue()}>
                    {busy === 'report' ? t('issuing') : t('issueReport')}
                </button>
            </p>
            {attested ? (
                <p class="notice notice-ok" role="status">
                    {t('attested', { txId: attested.slice(0, 16) })}
                </p>
            ) : null}
            {error ? <ErrorNotice error={error} /> : null}
            {report ? (
                <div role="status">
                    <dl class="facts report">
                        <dt>{t('reportId')}</dt>
                        <dd>
                            <code class="report-id">{report.issued.reportId}</code>
                        </dd>
                        <dt>{t('verdict')}</dt>
                        <dd>
                            <span class={`badge ${report.issued.verdict === 'verified' ? 'ok' : 'bad'}`}>
                                {report.issued.verdict}
                            </span>
                        </dd>
                        <dt>{t('digest')}</dt>
                        <dd>
                            <code class="report-digest">{report.digest}</code>
                        </dd>
                        <dd class="full">
                            <a href={report.pdfUrl} download={reportFileName(report.issued.reportId, 'pdf')}>
                                {t('downloadPdf')}
                            </a>{' '}
                            ·{' '}
                            <a href={report.jwsUrl} download={reportFileName(report.issued.reportId, 'jws')}>
                                {t('downloadJws')}
                            </a>
                        </dd>
                    </dl>
                </div>
            ) : null}
        </section>
    );
}
