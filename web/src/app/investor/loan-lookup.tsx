import { type LoanRecord } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../../common/i18n.ts';
import { href, navigate } from '../../common/router.ts';
import { ErrorNotice, Loading, Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';
import { getLoan, getLoanProof, getPool, listLoans } from './investor-api.ts';
import { M, type InvestorT } from './messages.ts';
import { formatBps } from './metric-format.ts';
import { checkLoanProof, type ProofCheck } from './tape-proof.ts';
import { useResource } from '../../common/use-api.ts';

const LOANS_LISTED = 50;
const LOAN_ID = /^ln_[0-9a-f]{64}$/;

/**
 * A loan's look-up: its public record and its inclusion in the cut-off tape, checked here in the browser against
 * the tape root of the pool's cut-off record. The pool's first loans are listed to pick from.
 */
export function LoanLookup(props: AreaProps & { readonly dealId: string; readonly loanId?: string }): JSX.Element {
    const t = useT(M);
    const { dealId, loanId } = props;
    const [typed, setTyped] = useState(loanId ?? '');
    const loans = useResource(() => listLoans(dealId, LOANS_LISTED + 1), [dealId]);
    return (
        <Page title={t('loanLookup')} nav={props.nav} actions={props.actions}>
            <p>
                <a href={href('investor', 'deals', dealId)}>{t('backToDeal', { dealId })}</a>
            </p>
            <form
                class="panel"
                onSubmit={(event) => {
                    event.preventDefault();
                    navigate('investor', 'deals', dealId, 'loans', typed.trim());
                }}
            >
                <label>
                    {t('loanIdLabel')}
                    <input
                        name="loanId"
                        value={typed}
                        size={40}
                        required
                        pattern={LOAN_ID.source.slice(1, -1)}
                        spellcheck={false}
                        autocomplete="off"
                        onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
                    />
                </label>
                <button type="submit">{t('lookUp')}</button>
            </form>
            {loanId ? <LoanProofResult key={loanId} t={t} dealId={dealId} loanId={loanId} /> : null}
            <h2 id="loans-heading">{t('poolLoans')}</h2>
            {loans.error ? <ErrorNotice error={loans.error} onRetry={loans.reload} /> : null}
            {loans.loading && !loans.data ? <Loading /> : null}
            {loans.data ? <LoanTable t={t} dealId={dealId} loans={loans.data} /> : null}
        </Page>
    );
}

function LoanProofResult(props: {
    readonly t: InvestorT;
    readonly dealId: string;
    readonly loanId: string;
}): JSX.Element {
    const { t, dealId, loanId } = props;
    const result = useResource(async () => {
        const [loan, proof, pool] = await Promise.all([
            getLoan(dealId, loanId),
            getLoanProof(dealId, loanId),
            getPool(dealId),
        ]);
        const check: ProofCheck = pool.cutOff
            ? checkLoanProof(proof, loanId, pool.cutOff)
            : { included: false, failure: 'NOT_THE_CUT_OFF_TAPE' };
        return { loan: loan.loan, check };
    }, [dealId, loanId]);
    if (result.error) {
        return <ErrorNotice error={result.error} onRetry={result.reload} />;
    }
    if (!result.data) {
        return <Loading />;
    }
    const { loan, check } = result.data;
    return (
        <section class="panel" aria-labelledby="proof-heading">
            <h2 id="proof-heading">
                <code>{loan.loanId}</code>
            </h2>
            {check.included ? (
                <div role="status" class="notice notice-ok" data-proof="included">
                    <strong>
                        ✓ {t('included', { root: check.tapeRoot, index: check.tapeIndex + 1, size: check.tapeSize })}
                    </strong>
                    <br />
                    {t('proofChecked')}
                </div>
            ) : (
                <div role="alert" class="notice notice-error" data-proof="failed">
                    ✗ {t('notIncluded', { reason: t(check.failure) })}
                </div>
            )}
            <table>
                <tbody>
                    <tr>
                        <th scope="row">{t('loanStatus')}</th>
                        <td>{loan.status}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t('daysPastDue')}</th>
                        <td class="num">{loan.daysPastDue}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t('rate')}</th>
                        <td class="num">{formatBps(loan.rateBps)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t('remainingTerm')}</th>
                        <td class="num">{loan.remainingTerm}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    );
}

function LoanTable(props: {
    readonly t: InvestorT;
    readonly dealId: string;
    readonly loans: readonly LoanRecord[];
}): JSX.Element {
    const { t, dealId, loans } = props;
    return (
        <>
            <div class="table-scroll">
                <table aria-labelledby="loans-heading" class="nowrap">
                    <thead>
                        <tr>
                            <th scope="col">{t('loanIdLabel')}</th>
                            <th scope="col">{t('loanStatus')}</th>
                            <th scope="col" class="num">
                                {t('daysPastDue')}
                            </th>
                            <th scope="col">{t('checkProof')}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {loans.slice(0, LOANS_LISTED).map((loan) => (
                            <tr key={loan.loanId}>
                                <td>
                                    <code class="hash" title={loan.loanId}>
                                        {loan.loanId.slice(0, 16)}…
                                    </code>
                                </td>
                                <td>{loan.status}</td>
                                <td class="num">{loan.daysPastDue}</td>
                                <td>
                                    {loan.tapeIndex === undefined ? (
                                        '—'
                                    ) : (
                                        <a
                                            href={href('investor', 'deals', dealId, 'loans', loan.loanId)}
                                            aria-label={`${t('checkProof')} ${loan.loanId}`}
                                        >
                                            {t('checkProof')}
                                        </a>
                                    )}
                                </td>
                            </tr>
                        ))}
                    </tbody>
                </table>
            </div>
            {loans.length > LOANS_LISTED ? (
                <p class="muted">{t('more', { n: `${loans.length - LOANS_LISTED}+` })}</p>
            ) : null}
        </>
    );
}
