import { type JSX } from 'preact';
import './investor.css';
import { type AreaProps } from '../areas.ts';
import { DealList } from './deal-list.tsx';
import { DealPage } from './deal-page.tsx';
import { LoanLookup } from './loan-lookup.tsx';
import { PeriodReportPage } from './period-report.tsx';

/**
 * The investor dashboard's routes: `#/investor` (the deals held), `#/investor/deals/<id>` (pool, charts, periods,
 * exports), `#/investor/deals/<id>/periods/<n>` (a report and its acknowledgement) and
 * `#/investor/deals/<id>/loans[/<loanId>]` (loan look-up with its tape inclusion proof).
 */
export function InvestorDashboard(props: AreaProps): JSX.Element {
    const [section, dealId, sub, item] = props.path;
    if (section === 'deals' && dealId !== undefined) {
        const periodNo = Number(item);
        if (sub === 'periods' && Number.isSafeInteger(periodNo) && periodNo >= 1) {
            return <PeriodReportPage {...props} dealId={dealId} periodNo={periodNo} />;
        }
        if (sub === 'loans') {
            return <LoanLookup {...props} dealId={dealId} {...(item === undefined ? {} : { loanId: item })} />;
        }
        return <DealPage {...props} dealId={dealId} />;
    }
    return <DealList {...props} />;
}
