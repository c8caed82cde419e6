import { ROLL_FORWARD_LINES, type AcknowledgementRecord, type PeriodReport } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { formatCents, formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { ErrorNotice, Loading, Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';
import { acknowledge, getPeriod, listAcknowledgements } from './investor-api.ts';
import { M, type InvestorT } from './messages.ts';
import { formatBps, formatHundredths, formatPpm } from './metric-format.ts';
import { useResource } from '../../common/use-api.ts';

const COMPARATOR_SIGN = { GT: '>', GTE: '≥', LT: '<', LTE: '≤' } as const;

/** A period's report with its digest, the acknowledgements so far, and the Acknowledge button. */
export function PeriodReportPage(
    props: AreaProps & { readonly dealId: string; readonly periodNo: number },
): JSX.Element {
    const t = useT(M);
    const { dealId, periodNo } = props;
    const view = useResource(async () => {
        const [period, acks] = await Promise.all([getPeriod(dealId, periodNo), listAcknowledgements(dealId, periodNo)]);
        return { ...period, acks };
    }, [dealId, periodNo]);
    const report = view.data?.period.report;
    return (
        <Page title={t('reportTitle', { dealId, periodNo })} nav={props.nav} actions={props.actions}>
            <p>
                <a href={href('investor', 'deals', dealId)}>{t('backToDeal', { dealId })}</a>
            </p>
            {view.error ? <ErrorNotice error={view.error} onRetry={view.reload} /> : null}
            {!view.data && view.loading ? <Loading /> : null}
            {view.data && !report ? <p>{t('notClosed')}</p> : null}
            {view.data && report ? (
                <>
                    <Digest
                        t={t}
                        dealId={dealId}
                        periodNo={periodNo}
                        digest={view.data.reportDigest}
                        acks={view.data.acks}
                        onAcknowledged={view.reload}
                    />
                    <ReportTables t={t} report={report} />
                </>
            ) : null}
        </Page>
    );
}

function Digest(props: {
    readonly t: InvestorT;
    readonly dealId: string;
    readonly periodNo: number;
    readonly digest: string;
    readonly acks: readonly AcknowledgementRecord[];
    readonly onAcknowledged: () => void;
}): JSX.Element {
    const { t, digest, acks } = props;
    const lang = useLang();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<unknown>();
    const [done, setDone] = useState<AcknowledgementRecord>();
    const submit = async (): Promise<void> => {
        setBusy(true);
        setError(undefined);
        try {
            setDone(await acknowledge(props.dealId, props.periodNo, digest));
            props.onAcknowledged();
        } catch (failure) {
            setError(failure);
        } finally {
            setBusy(false);
        }
    };
    return (
        <section class="panel" aria-labelledby="digest-heading">
            <h2 id="digest-heading">{t('digest')}</h2>
            <p>
                <code data-digest>{digest}</code>
            </p>
            <p class="muted">{t('digestHelp')}</p>
            <button type="button" disabled={busy} onClick={() => void submit()}>
                {busy ? t('acknowledging') : t('acknowledge')}
            </button>
            {done ? (
                <p role="status" class="notice notice-ok">
                    {t('acknowledged', { digest: done.reportDigest })}
                </p>
            ) : null}
            {error ? <ErrorNotice error={error} /> : null}
            <h3>{t('acknowledgements')}</h3>
            {acks.length === 0 ? <p>{t('noAcknowledgements')}</p> : null}
            {acks.length > 0 ? (
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t('by')}</th>
                                <th scope="col">{t('time')}</th>
                                <th scope="col">{t('digest')}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {acks.map((ack) => (
                                <tr key={ack.txId}>
                                    <td>
                                        {ack.investorMspId}{' '}
                                        {ack.statementCode ? <span class="badge">{ack.statementCode}</span> : null}
                                    </td>
                                    <td>{formatTime(ack.time, lang)}</td>
                                    <td>
                                        <code>{ack.reportDigest}</code>
                                    </td>
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            ) : null}
        </section>
    );
}

function ReportTables(props: { readonly t: InvestorT; readonly report: PeriodReport }): JSX.Element {
    const { t, report } = props;
    const lang = useLang();
    const m = report.metrics;
    const metrics: readonly (readonly [string, string, string])[] = [
        ['poolFactor', t('poolFactor'), formatPpm(m.poolFactorPpm)],
        ['smm', t('smm'), formatPpm(m.smmPpm)],
        ['cpr', t('cpr'), formatPpm(m.cprPpm)],
        ['mdr', t('mdr'), formatPpm(m.mdrPpm)],
        ['cdr', t('cdr'), formatPpm(m.cdrPpm)],
        ['dpd1to30', t('dpd1to30'), formatPpm(m.delinquency.DPD_1_30.balancePpm)],
        ['dpd31to60', t('dpd31to60'), formatPpm(m.delinquency.DPD_31_60.balancePpm)],
        ['dpd61to90', t('dpd61to90'), formatPpm(m.delinquency.DPD_61_90.balancePpm)],
        ['dpd60Plus', t('dpd60Plus'), formatPpm(m.delinquent60PlusPpm)],
        ['dpd90Plus', t('dpd90Plus'), formatPpm(m.delinquent90PlusPpm)],
        ['cumulativeDefaultRate', t('cumulativeDefaultRate'), formatPpm(m.cumulativeDefaultRatePpm)],
        ['cumulativeNetLoss', t('cumulativeNetLoss'), formatPpm(m.cumulativeNetLossPpm)],
        ['wac', t('wac'), formatBps(m.wacBps)],
        ['warm', t('warm'), formatHundredths(m.warmMonthsX100)],
    ];
    return (
        <div class="grid">
            <section aria-labelledby="metrics-heading">
                <h2 id="metrics-heading">{t('metrics')}</h2>
                <table>
                    <tbody>
                        {metrics.map(([key, label, value]) => (
                            <tr key={key}>
                                <th scope="row">{label}</th>
                                <td class="num" data-metric={key}>
                                    {value}
                                </td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="roll-heading">
                <h2 id="roll-heading">{t('rollForward')}</h2>
                <table>
                    <tbody>
                        {ROLL_FORWARD_LINES.map((line) => (
                            <tr key={line}>
                                <th scope="row">{line === 'closingBalance' ? t('closingBalance') : t(line)}</th>
                                <td class="num">{formatCents(report.rollForward[line], lang)}</td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="triggers-heading">
                <h2 id="triggers-heading">{t('triggers')}</h2>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t('trigger')}</th>
                            <th scope="col" class="num">
                                {t('value')}
                            </th>
                            <th scope="col">{t('status')}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.triggers.map((trigger) => (
                            <tr key={trigger.triggerId}>
                                <th scope="row">
                                    {trigger.triggerId}
                                    <br />
                                    <span class="muted">
                                        {trigger.metric} {COMPARATOR_SIGN[trigger.comparator]}{' '}
                                        {formatPpm(trigger.thresholdPpm)}
                                    </span>
                                </th>
                                <td class="num">{formatPpm(trigger.valuePpm)}</td>
                                <td>
                                    <span class={`badge ${trigger.breached ? 'bad' : 'ok'}`}>
                                        {trigger.breached ? t('breached') : t('notBreached')}
                                    </span>
                                </td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </section>
        </div>
    );
}
