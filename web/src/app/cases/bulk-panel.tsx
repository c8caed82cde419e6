import { FINGERPRINT_PATTERN } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { idempotencyKey } from '../../common/api.ts';
import { useT } from '../../common/i18n.ts';
import { SaltNotice } from '../../common/salt-notice.tsx';
import { useFileFingerprint } from '../../common/use-file-fingerprint.ts';
import { BULK_MOVES, planBulk, runBulk, tally, type BulkMove, type BulkOutcome } from './bulk-actions.ts';
import { sendMove } from './case-api.ts';
import { CASE_MESSAGES, STATUS_MESSAGES } from './case-messages.ts';

const MOVE_LABEL = { accept: 'moveAccept', judge: 'moveJudge' } as const;

/**
 * Accept or judge the given cases, one write each with its own Idempotency-Key (kept across clicks, so a retry
 * replays rather than writes), with a progress bar and the outcome of every case. A chosen document is hashed here
 * with a salt that is shown to keep with it; choosing the same file again keeps the salt, hence the fingerprint and
 * the keys, so a second run replays rather than writing again.
 */
export function BulkPanel(props: {
    readonly caseIds: readonly string[];
    readonly title: string;
    readonly onDone: () => void;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const keys = useRef(new Map<string, string>());
    const [move, setMove] = useState<BulkMove>('accept');
    const [docText, setDocText] = useState('');
    const [running, setRunning] = useState(false);
    const [done, setDone] = useState(0);
    const [total, setTotal] = useState(0);
    const [outcomes, setOutcomes] = useState<readonly BulkOutcome[]>([]);
    const fingerprint = docText.trim().toLowerCase();
    const valid = FINGERPRINT_PATTERN.test(fingerprint);

    const run = async (): Promise<void> => {
        const items = planBulk(props.caseIds, move, fingerprint, keys.current, idempotencyKey);
        setRunning(true);
        setDone(0);
        setTotal(items.length);
        setOutcomes([]);
        const all = await runBulk(items, sendMove, (outcome, count) => {
            setDone(count);
            setOutcomes((previous) => [...previous, outcome]);
        });
        setOutcomes(all);
        setRunning(false);
        props.onDone();
    };

    return (
        <section class="panel" aria-labelledby="bulk-title">
            <h2 id="bulk-title">{props.title}</h2>
            <p class="muted">{t('bulkHint')}</p>
            <div class="bulk-form">
                <label>
                    {t('move')}
                    <select
                        value={move}
                        onChange={(e) => setMove((e.currentTarget as HTMLSelectElement).value as BulkMove)}
                    >
                        {BULK_MOVES.map((m) => (
                            <option key={m} value={m}>
                                {t(MOVE_LABEL[m])}
                            </option>
                        ))}
                    </select>
                </label>
                <BulkDocument text={docText} onText={setDocText} valid={valid} />
            </div>
            <button type="button" disabled={running || !valid || props.caseIds.length === 0} onClick={() => void run()}>
                {running ? t('running') : t('run', { n: props.caseIds.length })}
            </button>
            {total > 0 ? <BulkResults done={done} total={total} running={running} outcomes={outcomes} /> : null}
        </section>
    );
}

/** The run's progress, its tally once done, and the outcome of every case. */
function BulkResults(props: {
    readonly done: number;
    readonly total: number;
    readonly running: boolean;
    readonly outcomes: readonly BulkOutcome[];
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const ts = useT(STATUS_MESSAGES);
    const { done, total, running, outcomes } = props;
    const counts = tally(outcomes);
    return (
        <div class="bulk-progress">
            <label class="block">
                {t('progress')} {done}/{total}
                <progress max={total} value={done} />
            </label>
            <p role="status" aria-live="polite" class="bulk-summary">
                {running ? null : t('summary', { ok: counts.succeeded, bad: counts.failed })}
            </p>
            <h3>{t('results')}</h3>
            <ul class="checks bulk-results">
                {outcomes.map((outcome) => (
                    <li key={outcome.caseId} data-case={outcome.caseId} data-ok={String(outcome.ok)}>
                        <code>{outcome.caseId}</code>{' '}
                        {outcome.ok ? (
                            <span class="badge ok">
                                {t('succeeded')}: {ts(outcome.status as keyof (typeof STATUS_MESSAGES)['en'])}
                            </span>
                        ) : (
                            <>
                                <span class="badge bad">
                                    {t('failed')}: <code>{outcome.code}</code>
                                </span>{' '}
                                <span class="muted">{outcome.message}</span>
                            </>
                        )}
                    </li>
                ))}
            </ul>
        </div>
    );
}

/**
 * The document of the move: a fingerprint typed, or a file hashed here under a salt shown to keep with it. The salt
 * is shown while the field holds the file's fingerprint (typing another leaves it no longer relevant).
 */
function BulkDocument(props: {
    readonly text: string;
    readonly onText: (text: string) => void;
    readonly valid: boolean;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const document = useFileFingerprint();
    const docText = props.text;
    const valid = props.valid;
    const setDocText = props.onText;
    const hashing = document.file !== undefined && document.fingerprint === '' && document.error === undefined;
    useEffect(() => {
        if (document.fingerprint !== '') {
            setDocText(document.fingerprint);
        }
    }, [document.fingerprint]);
    const showSalt =
        document.salt !== '' &&
        (hashing || document.error !== undefined || docText.trim().toLowerCase() === document.fingerprint);
    return (
        <>
            <label class="grow">
                {t('document')}
                <input
                    name="documentFingerprint"
                    value={docText}
                    spellcheck={false}
                    autocomplete="off"
                    aria-describedby="document-hint"
                    aria-invalid={docText !== '' && !valid}
                    onInput={(e) => setDocText((e.currentTarget as HTMLInputElement).value)}
                />
                <span id="document-hint" class="muted small">
                    {docText !== '' && !valid ? t('badFingerprint') : t('documentHint')}
                </span>
            </label>
            <label>
                {hashing ? t('hashing') : t('hashFile')}
                <input
                    type="file"
                    disabled={hashing}
                    name="document"
                    onChange={(e) => document.choose((e.currentTarget as HTMLInputElement).files?.[0])}
                />
            </label>
            {showSalt ? (
                <div class="bulk-salt">
                    <SaltNotice document={document} />
                </div>
            ) : null}
        </>
    );
}
