import { type JSX } from 'preact';
import './cases.css';
import { type AreaProps } from '../areas.ts';
import { CaseInbox } from './case-inbox.tsx';
import { CasePage } from './case-page.tsx';

/**
 * The case desk for courts, arbitration commissions, notaries and banks: `#/cases` is the inbox with its filters
 * and bulk actions, `#/cases/<caseId>` one case's evidence chain, steps and attestations.
 */
export function CaseDesk(props: AreaProps): JSX.Element {
    const [caseId] = props.path;
    return caseId === undefined ? <CaseInbox {...props} /> : <CasePage {...props} caseId={caseId} />;
}
