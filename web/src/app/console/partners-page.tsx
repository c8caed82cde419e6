import { type AdmissionRecord } from '@lendledger/domain';
import { type JSX } from 'preact';
import { formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { ErrorNotice, Loading } from '../../common/ui.tsx';
import { useApi } from '../../common/use-api.ts';
import { CONSOLE_MESSAGES } from './console-messages.ts';

/** One admission as `Admission:ListPartners` answers it: the record, its withdrawal if any, whether it is in force. */
interface AdmissionView {
    readonly admission: AdmissionRecord;
    readonly inForce: boolean;
}

/** The calling bank's partner admissions in force now (名单制), from `GET /v1/partners`. */
export function PartnersPage(props: { readonly isBank: boolean }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const lang = useLang();
    const partners = useApi<{ bank: string; at: string; admissions: readonly AdmissionView[] }>(
        props.isBank ? '/v1/partners' : undefined,
    );
    if (!props.isBank) {
        return <p class="notice">{t('onlyBanks')}</p>;
    }
    if (partners.loading) {
        return <Loading />;
    }
    if (!partners.data) {
        return <ErrorNotice error={partners.error} onRetry={partners.reload} />;
    }
    const { admissions, at } = partners.data;
    return (
        <section aria-labelledby="partners-heading">
            <h2 id="partners-heading">{t('partnersTitle')}</h2>
            <p class="muted">{t('partnersAt', { at: formatTime(at, lang) })}</p>
            {admissions.length === 0 ? (
                <p>{t('noPartners')}</p>
            ) : (
                <div class="table-scroll">
                    <table aria-labelledby="partners-heading">
                        <thead>
                            <tr>
                                <th scope="col">{t('platform')}</th>
                                <th scope="col">{t('product')}</th>
                                <th scope="col">{t('admittedAt')}</th>
                                <th scope="col">{t('validUntil')}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {admissions.map(({ admission: a }) => (
                                <tr key={a.id}>
                                    <td>{a.platform}</td>
                                    <td>
                                        <code>{a.product}</code>
                                    </td>
                                    <td>{formatTime(a.admittedAt, lang)}</td>
                                    <td>{formatTime(a.validUntil, lang)}</td>
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            )}
        </section>
    );
}
