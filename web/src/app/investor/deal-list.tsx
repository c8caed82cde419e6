import { type JSX } from 'preact';
import { useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { ErrorNotice, Loading, Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';
import { listDeals } from './investor-api.ts';
import { M } from './messages.ts';
import { useResource } from '../../common/use-api.ts';

/** The deals this organisation holds: `AbsDeal:ListDeals` answers the caller's own deals only. */
export function DealList(props: AreaProps): JSX.Element {
    const t = useT(M);
    const deals = useResource(listDeals, []);
    return (
        <Page title={t('title')} nav={props.nav} actions={props.actions}>
            <h2>{t('dealsHeading')}</h2>
            {deals.error ? <ErrorNotice error={deals.error} onRetry={deals.reload} /> : null}
            {deals.loading && !deals.data ? <Loading /> : null}
            {deals.data?.length === 0 ? <p>{t('noDeals')}</p> : null}
            {deals.data && deals.data.length > 0 ? (
                <div class="table-scroll">
                    <table aria-label={t('dealsHeading')}>
                        <thead>
                            <tr>
                                <th scope="col">{t('dealId')}</th>
                                <th scope="col">{t('status')}</th>
                                <th scope="col">{t('issuer')}</th>
                                <th scope="col">{t('cutOffDate')}</th>
                                <th scope="col">{t('holders')}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {deals.data.map((deal) => (
                                <tr key={deal.dealId}>
                                    <th scope="row">
                                        <a href={href('investor', 'deals', deal.dealId)}>{deal.dealId}</a>
                                    </th>
                                    <td>
                                        <span class="badge">{deal.status}</span>
                                    </td>
                                    <td>{deal.issuerMspId}</td>
                                    <td>{deal.dates.cutOffDate}</td>
                                    <td>{deal.investors.join(', ')}</td>
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            ) : null}
        </Page>
    );
}
