import { type CaseEvidenceView, type CaseView } from '@lendledger/domain';
import { type JSX } from 'preact';
import { formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { ErrorNotice, Hash, Loading, Page, Timeline, type TimelineItem } from '../../common/ui.tsx';
import { useResource } from '../../common/use-api.ts';
import { type AreaProps } from '../areas.ts';
import { BulkPanel } from './bulk-panel.tsx';
import { getCase, getCaseEvidence } from './case-api.ts';
import { statusTone } from './case-table.tsx';
import { CASE_MESSAGES, stageLabel, STATUS_MESSAGES } from './case-messages.ts';
import { caseTimeline, type CaseEvent } from './case-timeline.ts';
import { NotaryPanel } from './notary-panel.tsx';
import { useAbilities } from './use-abilities.ts';

interface Loaded {
    readonly view: CaseView;
    readonly evidence: CaseEvidenceView;
}

/** One case: its overview, the loan chain's integrity, the merged timeline, the package and the caller's actions. */
export function CasePage(props: AreaProps & { readonly caseId: string }): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const loaded = useResource<Loaded>(async () => {
        const [view, evidence] = await Promise.all([getCase(props.caseId), getCaseEvidence(props.caseId)]);
        return { view, evidence };
    }, [props.caseId]);
    const current = loaded.data?.view.case.caseId === props.caseId ? loaded.data : undefined;
    return (
        <Page title={t('caseTitle', { caseId: props.caseId })} nav={props.nav} actions={props.actions}>
            <p>
                <a href={href('cases')}>← {t('back')}</a>
            </p>
            {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
            {!loaded.error && !current ? <Loading /> : null}
            {!loaded.error && current ? <CaseBody {...current} reload={loaded.reload} /> : null}
        </Page>
    );
}

/** What the ledger holds of a case, and the caller's actions on it. */
function CaseBody(props: Loaded & { readonly reload: () => void }): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const ts = useT(STATUS_MESSAGES);
    const lang = useLang();
    const caller = useAbilities();
    const { view, evidence, reload } = props;
    const record = view.case;
    const events = caseTimeline({
        entries: evidence.chain.entries,
        packageFingerprints: view.package.fingerprints,
        steps: view.steps,
        attestations: view.attestations,
    });
    return (
        <>
            <div class="grid">
                <CaseOverview record={record} />
                <ChainIntegrity chain={evidence.chain} />
            </div>
            <section aria-labelledby="timeline-title">
                <h2 id="timeline-title">{t('timeline')}</h2>
                <Timeline label={t('timeline')} items={events.map((event) => timelineItem(event, t, ts, lang))} />
            </section>
            <section aria-labelledby="package-title">
                <h2 id="package-title">{t('packageItems', { n: evidence.items.length })}</h2>
                <ul class="checks">
                    {evidence.items.map((item) => (
                        <li key={item.fingerprint}>
                            <Hash value={item.fingerprint} />{' '}
                            {item.evidence ? (
                                <span>
                                    #{item.evidence.seq} {stageLabel(item.evidence.stage, lang)}
                                </span>
                            ) : (
                                <span class="muted">{t('notOnChain')}</span>
                            )}
                        </li>
                    ))}
                </ul>
            </section>
            {caller?.abilities.move ? (
                <BulkPanel caseIds={[record.caseId]} title={t('forumActions')} onDone={reload} />
            ) : null}
            {caller?.abilities.attest ? (
                <NotaryPanel caseId={record.caseId} packageRoot={view.package.root} onAttested={reload} />
            ) : null}
        </>
    );
}

function CaseOverview(props: { readonly record: CaseView['case'] }): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const ts = useT(STATUS_MESSAGES);
    const lang = useLang();
    const record = props.record;
    return (
        <section class="panel" aria-labelledby="overview-title">
            <h2 id="overview-title">{t('overview')}</h2>
            <dl class="facts">
                <dt>{t('status')}</dt>
                <dd>
                    <span class={`badge ${statusTone(record.status)}`} data-status={record.status}>
                        {ts(record.status)}
                    </span>
                </dd>
                <dt>{t('forum')}</dt>
                <dd>{record.court}</dd>
                <dt>{t('filer')}</dt>
                <dd>{record.filer.mspId}</dd>
                <dt>{t('loanRef')}</dt>
                <dd>
                    <Hash value={record.loanRef} />
                </dd>
                <dt>{t('claim')}</dt>
                <dd>{record.claimCode ?? '—'}</dd>
                <dt>{t('filedAt')}</dt>
                <dd>{formatTime(record.filedAt, lang)}</dd>
            </dl>
        </section>
    );
}

function ChainIntegrity(props: { readonly chain: CaseEvidenceView['chain'] }): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const lang = useLang();
    const chain = props.chain;
    return (
        <section class="panel" aria-labelledby="integrity-title">
            <h2 id="integrity-title">{t('integrity')}</h2>
            <p class="integrity" data-intact={String(chain.intact)}>
                <span class={`badge ${chain.intact ? 'ok' : 'bad'}`}>{chain.intact ? t('intact') : t('broken')}</span>
            </p>
            <p class="completeness" data-complete={String(chain.complete)}>
                {chain.missingStages.length === 0 ? (
                    <span class="badge ok">{t('complete')}</span>
                ) : (
                    <span class="badge warn">
                        {t('missingStages', {
                            stages: chain.missingStages.map((s) => stageLabel(s, lang)).join('、'),
                        })}
                    </span>
                )}
            </p>
            {chain.problems.length > 0 ? (
                <ul>
                    {chain.problems.map((p) => (
                        <li key={`${p.seq}:${p.code}`}>
                            #{p.seq} <code>{p.code}</code>
                        </li>
                    ))}
                </ul>
            ) : null}
        </section>
    );
}

function timelineItem(
    event: CaseEvent,
    t: ReturnType<typeof useT<keyof (typeof CASE_MESSAGES)['en']>>,
    ts: ReturnType<typeof useT<keyof (typeof STATUS_MESSAGES)['en']>>,
    lang: ReturnType<typeof useLang>,
): TimelineItem {
    const time = formatTime(event.time, lang);
    switch (event.kind) {
        case 'evidence':
            return {
                key: event.key,
                time,
                tone: event.status === 'CURRENT' ? 'ok' : 'warn',
                title: (
                    <span data-kind="evidence" data-stage={event.stage}>
                        {t('evidenceEvent', { stage: stageLabel(event.stage, lang) })} #{event.seq}
                    </span>
                ),
                detail: (
                    <>
                        {t('writer')} {event.writer} · {t('fingerprint')} <Hash value={event.fingerprint} /> ·{' '}
                        <span class={event.inPackage ? 'badge ok' : 'muted'}>
                            {event.inPackage ? t('inPackage') : t('notInPackage')}
                        </span>
                        {event.status === 'CURRENT' ? null : <span class="badge warn"> {event.status}</span>}
                    </>
                ),
            };
        case 'step':
            return {
                key: event.key,
                time,
                tone: event.to === 'REJECTED' ? 'bad' : 'ok',
                title: (
                    <span data-kind="step" data-status={event.to}>
                        {t('stepEvent', { to: ts(event.to) })}
                    </span>
                ),
                detail: (
                    <>
                        {event.actor} · <Hash value={event.documentFingerprint} />
                        {event.reasonCode ? (
                            <>
                                {' '}
                                · <code>{event.reasonCode}</code>
                            </>
                        ) : null}
                    </>
                ),
            };
        case 'attestation':
            return {
                key: event.key,
                time,
                title: <span data-kind="attestation">{t('attestationEvent', { statement: event.statementCode })}</span>,
                detail: (
                    <>
                        {t('notary')} {event.notary}
                    </>
                ),
            };
    }
}
