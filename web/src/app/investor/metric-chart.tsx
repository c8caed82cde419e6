import { type JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatPpm, ppmToPercent } from './metric-format.ts';
import { lineSpan, type ChartData } from './metrics-series.ts';
import { type InvestorT } from './messages.ts';

/** Line colours with at least 3:1 contrast on white, none of them red: thresholds alone are drawn red and dashed. */
const COLOURS = ['#0a5bc4', '#7d4e00', '#116329', '#6f42c1', '#1b6f7a'];
const THRESHOLD = '#a40e26';
const COMPARATOR_SIGN = { GT: '>', GTE: '≥', LT: '<', LTE: '≤' } as const;

/**
 * One metric chart: a uPlot canvas (invisible to screen readers, so the figure is a `role="img"` with a text
 * summary) and the same figures as a table in a `<details>` beside it.
 */
export function MetricChart(props: { readonly data: ChartData; readonly t: InvestorT }): JSX.Element {
    const { data, t } = props;
    const title = t(`chart_${data.id}`);
    const unit = t(`unit_${data.id}`);
    const lineName = (key: string): string => t(key as Parameters<InvestorT>[0]);
    const thresholdName = (threshold: ChartData['thresholds'][number]): string =>
        t('threshold', {
            trigger: threshold.triggerId,
            comparator: COMPARATOR_SIGN[threshold.comparator],
            value: formatPpm(threshold.valuesPpm.at(-1) ?? 0),
        });
    const summary = t('chartSummary', {
        title,
        unit,
        from: data.periods[0] ?? '',
        to: data.periods.at(-1) ?? '',
        lines: [
            ...data.lines.map((line) => {
                const span = lineSpan(line.valuesPpm);
                return span
                    ? t('lineSummary', {
                          name: lineName(line.key),
                          first: formatPpm(span.first),
                          last: formatPpm(span.last),
                      })
                    : lineName(line.key);
            }),
            ...data.thresholds.map(thresholdName),
        ].join(' · '),
    });
    const host = useRef<HTMLDivElement>(null);
    useEffect(() => {
        const element = host.current;
        if (!element) {
            return undefined;
        }
        const series: uPlot.Series[] = [
            { label: t('period') },
            ...data.lines.map((line, i) => ({
                label: lineName(line.key),
                stroke: COLOURS[i % COLOURS.length],
                width: 2,
                points: { show: true },
                value: (_: uPlot, v: number | null) => (v === null ? '—' : `${v.toFixed(4)}%`),
            })),
            ...data.thresholds.map((threshold) => ({
                label: thresholdName(threshold),
                stroke: THRESHOLD,
                dash: [6, 4],
                width: 1.5,
                points: { show: false },
                value: (_: uPlot, v: number | null) => (v === null ? '—' : `${v.toFixed(4)}%`),
            })),
        ];
        const values: uPlot.AlignedData = [
            [...data.periods],
            ...data.lines.map((line) => line.valuesPpm.map(ppmToPercent)),
            ...data.thresholds.map((threshold) => threshold.valuesPpm.map(ppmToPercent)),
        ];
        const width = (): number => Math.max(240, element.clientWidth);
        const plot = new uPlot(
            {
                width: width(),
                height: 220,
                series,
                scales: { x: { time: false } },
                axes: [
                    {
                        label: t('period'),
                        values: (_, ticks) => ticks.map((v) => (Number.isInteger(v) ? String(v) : '')),
                    },
                    { label: '%', size: 60 },
                ],
                legend: { live: false },
            },
            values,
            element,
        );
        const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
        resize.observe(element);
        return () => {
            resize.disconnect();
            plot.destroy();
        };
    }, [data, t('period')]);
    return (
        <section class="panel chart" aria-labelledby={`chart-${data.id}`}>
            <h3 id={`chart-${data.id}`}>
                {title} <span class="muted">· {unit}</span>
            </h3>
            <figure role="img" aria-label={summary} class="chart-figure">
                <div ref={host} data-chart={data.id} />
            </figure>
            <details>
                <summary>{t('dataTable', { title })}</summary>
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t('period')}</th>
                                {data.lines.map((line) => (
                                    <th scope="col" key={line.key}>
                                        {lineName(line.key)}
                                    </th>
                                ))}
                                {data.thresholds.map((threshold) => (
                                    <th scope="col" key={threshold.triggerId}>
                                        {thresholdName(threshold)}
                                    </th>
                                ))}
                            </tr>
                        </thead>
                        <tbody>
                            {data.periods.map((periodNo, i) => (
                                <tr key={periodNo}>
                                    <th scope="row">{periodNo}</th>
                                    {data.lines.map((line) => (
                                        <td class="num" key={line.key}>
                                            {formatPpm(line.valuesPpm[i]!)}
                                        </td>
                                    ))}
                                    {data.thresholds.map((threshold) => (
                                        <td class="num" key={threshold.triggerId}>
                                            {formatPpm(threshold.valuesPpm[i]!)}
                                        </td>
                                    ))}
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    );
}
