import { type DealRecord, type PeriodRecord } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatCents } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { ErrorNotice, Hash, Loading, Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';
import { loansCsv, metricsCsv } from './exports-csv.ts';
import { getDeal, getMetrics, getPool, listLoans, listPeriods, type PoolView } from './investor-api.ts';
import { M, type InvestorT } from './messages.ts';
import { MetricChart } from './metric-chart.tsx';
import { formatBps, formatHundredths, formatPpm } from './metric-format.ts';
import { CHART_IDS, chartData, type MetricsPoint } from './metrics-series.ts';
import { useResource } from '../../common/use-api.ts';
import { saveBlob } from '../../common/download.ts';

/** One deal: its pool at cut-off and now, its period metrics as charts, its periods and the CSV exports. */
export function DealPage(props: AreaProps & { readonly dealId: string }): JSX.Element {
    const t = useT(M);
    const { dealId } = props;
    const data = useResource(async () => {
        const [deal, pool, metrics, periods] = await Promise.all([
            getDeal(dealId),
            getPool(dealId),
            getMetrics(dealId),
            listPeriods(dealId),
        ]);
        return { deal, pool, series: metrics.series, periods };
    }, [dealId]);
    return (
        <Page title={t('dealTitle', { dealId })} nav={props.nav} actions={props.actions}>
            <p>
                <a href={href('investor')}>{t('backToDeals')}</a>
            </p>
            {data.error ? <ErrorNotice error={data.error} onRetry={data.reload} /> : null}
            {!data.data && data.loading ? <Loading /> : null}
            {data.data ? <DealBody t={t} {...data.data} /> : null}
        </Page>
    );
}

function DealBody(props: {
    readonly t: InvestorT;
    readonly deal: DealRecord;
    readonly pool: PoolView;
    readonly series: readonly MetricsPoint[];
    readonly periods: readonly PeriodRecord[];
}): JSX.Element {
    const { t, deal, pool, series, periods } = props;
    const charts = useMemo(() => CHART_IDS.map((id) => chartData(id, series, deal.triggers)), [series, deal.triggers]);
    return (
        <>
            <p>
                <span class="badge">{deal.status}</span> <span class="muted">{t('issuer')}</span> {deal.issuerMspId}
            </p>
            <PoolSummary t={t} pool={pool} latest={series.at(-1)} />
            <h2>{t('charts')}</h2>
            {series.length === 0 ? <p>{t('noClosedPeriods')}</p> : null}
            <div class="grid charts">
                {series.length > 0 ? charts.map((chart) => <MetricChart key={chart.id} data={chart} t={t} />) : null}
            </div>
            <PeriodTable t={t} dealId={deal.dealId} periods={periods} />
            <Exports t={t} dealId={deal.dealId} series={series} />
            <h2>{t('loanLookup')}</h2>
            <p>
                <a href={href('investor', 'deals', deal.dealId, 'loans')}>{t('poolLoans')}</a>
            </p>
        </>
    );
}

function PoolSummary(props: {
    readonly t: InvestorT;
    readonly pool: PoolView;
    readonly latest?: MetricsPoint;
}): JSX.Element {
    const { t, pool, latest } = props;
    const lang = useLang();
    const cutOff = pool.cutOff;
    if (!cutOff) {
        return (
            <>
                <h2>{t('pool')}</h2>
                <p>{t('notCutOff')}</p>
            </>
        );
    }
    const rows: readonly (readonly [string, string, string])[] = [
        [t('loanCount'), String(cutOff.loanCount), String(pool.pool.activeLoanCount)],
        [t('balance'), formatCents(cutOff.initialBalance, lang), formatCents(pool.pool.currentBalance, lang)],
        [t('poolFactor'), formatPpm(1_000_000), formatPpm(pool.pool.latestPoolFactorPpm)],
        [t('wac'), formatBps(cutOff.wacBps), latest ? formatBps(latest.metrics.wacBps) : '—'],
        [
            t('warm'),
            formatHundredths(cutOff.warmMonthsX100),
            latest ? formatHundredths(latest.metrics.warmMonthsX100) : '—',
        ],
    ];
    return (
        <>
            <h2 id="pool-heading">{t('pool')}</h2>
            <div class="table-scroll">
                <table aria-labelledby="pool-heading" class="pool-summary">
                    <thead>
                        <tr>
                            <th scope="col">{t('figure')}</th>
                            <th scope="col" class="num">
                                {t('atCutOff')} {cutOff.cutOffDate}
                            </th>
                            <th scope="col" class="num">
                                {t('now')}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.map(([label, atCutOff, now]) => (
                            <tr key={label}>
                                <th scope="row">{label}</th>
                                <td class="num">{atCutOff}</td>
                                <td class="num">{now}</td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </div>
            <p>
                <span class="muted">{t('tapeRoot')}</span> <Hash value={cutOff.tapeRoot} />
            </p>
        </>
    );
}

function PeriodTable(props: {
    readonly t: InvestorT;
    readonly dealId: string;
    readonly periods: readonly PeriodRecord[];
}): JSX.Element {
    const { t, dealId, periods } = props;
    const lang = useLang();
    return (
        <>
            <h2 id="periods-heading">{t('periods')}</h2>
            <div class="table-scroll">
                <table aria-labelledby="periods-heading" class="nowrap">
                    <thead>
                        <tr>
                            <th scope="col">{t('period')}</th>
                            <th scope="col">{t('dates')}</th>
                            <th scope="col">{t('status')}</th>
                            <th scope="col" class="num">
                                {t('closingBalance')}
                            </th>
                            <th scope="col" class="num">
                                {t('cpr')}
                            </th>
                            <th scope="col">{t('openReport')}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {periods.map((period) => (
                            <tr key={period.periodNo} data-period={period.periodNo}>
                                <th scope="row">{period.periodNo}</th>
                                <td>
                                    {period.startDate} – {period.endDate}
                                </td>
                                <td>{t(period.status)}</td>
                                <td class="num">
                                    {period.report ? formatCents(period.report.rollForward.closingBalance, lang) : '—'}
                                </td>
                                <td class="num" data-metric="cpr">
                                    {period.report ? formatPpm(period.report.metrics.cprPpm) : '—'}
                                </td>
                                <td>
                                    <a href={href('investor', 'deals', dealId, 'periods', String(period.periodNo))}>
                                        {t('openReport')} {period.periodNo}
                                    </a>
                                </td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </div>
        </>
    );
}

function Exports(props: {
    readonly t: InvestorT;
    readonly dealId: string;
    readonly series: readonly MetricsPoint[];
}): JSX.Element {
    const { t, dealId, series } = props;
    const [error, setError] = useState<unknown>();
    const [busy, setBusy] = useState(false);
    const exportLoans = async (): Promise<void> => {
        setBusy(true);
        setError(undefined);
        try {
            saveBlob(
                new Blob([loansCsv(await listLoans(dealId))], { type: 'text/csv;charset=utf-8' }),
                `${dealId}-loans.csv`,
            );
        } catch (failure) {
            setError(failure);
        } finally {
            setBusy(false);
        }
    };
    return (
        <>
            <h2>{t('exports')}</h2>
            <p class="actions">
                <button
                    type="button"
                    onClick={() =>
                        saveBlob(
                            new Blob([metricsCsv(series)], { type: 'text/csv;charset=utf-8' }),
                            `${dealId}-metrics.csv`,
                        )
                    }
                >
                    {t('exportMetrics')}
                </button>{' '}
                <button type="button" class="secondary" disabled={busy} onClick={() => void exportLoans()}>
                    {t('exportLoans')}
                </button>
            </p>
            {error ? <ErrorNotice error={error} /> : null}
        </>
    );
}
