import {
    STAGE_LABELS,
    isLoanRef,
    type EvidenceWriteResult,
    type LifecycleStage,
    type LoanHead,
} from '@lendledger/domain';
import { type JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../common/api.ts';
import { type AppConfig } from '../../common/app-config.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { useSession } from '../../common/session.ts';
import { ErrorNotice, Hash } from '../../common/ui.tsx';
import { SaltNotice } from '../../common/salt-notice.tsx';
import { useApi } from '../../common/use-api.ts';
import { useFileFingerprint, type FileFingerprint } from '../../common/use-file-fingerprint.ts';
import { CONSOLE_MESSAGES, type ConsoleKey } from './console-messages.ts';
import { mayWrite, writeRegistration, type Committed } from './register-write.ts';
import {
    needsConsent,
    stagesFor,
    SUGGESTED_EVIDENCE_TYPES,
    type FormProblem,
    type RegistrationForm,
} from './evidence-form.ts';

/** The form's fields other than the fingerprint, as typed. */
type Fields = Omit<RegistrationForm, 'fingerprint'>;
type Update = <K extends keyof Fields>(key: K, value: Fields[K]) => void;

const FIELD_LABEL: Readonly<Record<FormProblem, ConsoleKey>> = {
    fingerprint: 'file',
    loanRef: 'loanRef',
    stage: 'stage',
    evidenceType: 'evidenceType',
    consentId: 'consentId',
    bank: 'bank',
    product: 'product',
    platform: 'platform',
};

/**
 * Registers a document: the browser draws a salt, hashes salt ‖ file (streaming, with progress) and sends only the
 * fingerprint, stage and loan. The stages offered are those the organisation's roles may write; the chaincode
 * decides, and a refusal shows its code.
 */
export function RegisterPage(props: { readonly config: AppConfig; readonly loanRef: string }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const session = useSession();
    const stages = stagesFor(props.config.memberRoles);
    const document = useFileFingerprint();
    const [fields, setFields] = useState<Fields>(() => {
        const stage: LifecycleStage = stages[0] ?? 'OTHER';
        return {
            loanRef: props.loanRef,
            stage,
            evidenceType: SUGGESTED_EVIDENCE_TYPES[stage],
            consentId: '',
            bank: props.config.memberRoles.includes('bank') ? props.config.mspId : '',
            product: '',
            platform: '',
        };
    });
    const typedEvidenceType = useRef(false);
    const [problems, setProblems] = useState<FormProblem[]>([]);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<unknown>();
    const [done, setDone] = useState<Committed<EvidenceWriteResult>>();
    const attempt = useRef<{ body: string; key: string } | undefined>(undefined);

    const canWrite = mayWrite(session?.roles ?? []);
    if (stages.length === 0) {
        return <p class="notice">{t('noStages')}</p>;
    }

    const update: Update = (key, value) => {
        setFields((f) => ({
            ...f,
            [key]: value,
            ...(key === 'stage' && !typedEvidenceType.current
                ? { evidenceType: SUGGESTED_EVIDENCE_TYPES[value as LifecycleStage] }
                : {}),
        }));
        setDone(undefined);
    };

    async function submit(event: Event): Promise<void> {
        event.preventDefault();
        setError(undefined);
        setDone(undefined);
        setBusy(true);
        try {
            const outcome = await writeRegistration({ ...fields, fingerprint: document.fingerprint }, attempt);
            if ('problems' in outcome) {
                setProblems(outcome.problems);
                return;
            }
            setProblems([]);
            setDone(outcome);
        } catch (e) {
            setError(e);
        } finally {
            setBusy(false);
        }
    }

    const invalid = (field: FormProblem): boolean => problems.includes(field);
    return (
        <form class="panel register" onSubmit={(e) => void submit(e)} noValidate>
            {canWrite ? null : (
                <p role="alert" class="notice notice-error">
                    {t('noWriteRole')}
                </p>
            )}
            <DocumentFields document={document} invalid={invalid('fingerprint')} />
            {/* Remounted after a write, so it reads the loan's new head. */}
            <LoanFields key={done?.txId} fields={fields} invalid={invalid} update={update} />
            <StageFields
                fields={fields}
                stages={stages}
                invalid={invalid}
                update={update}
                onTypedEvidenceType={() => (typedEvidenceType.current = true)}
            />
            {problems.length > 0 ? (
                <p role="alert" class="notice notice-error">
                    {t('invalidField', { fields: problems.map((p) => t(FIELD_LABEL[p])).join('、') })}
                </p>
            ) : null}
            <button type="submit" disabled={busy || !document.fingerprint || !canWrite}>
                {busy ? t('submitting') : t('submit')}
            </button>
            {error ? <ErrorNotice error={error} /> : null}
            {done ? <Registered done={done} /> : null}
        </form>
    );
}

/** The file input, the hashing progress, and the salt with the plea to keep it. */
function DocumentFields(props: { readonly document: FileFingerprint; readonly invalid: boolean }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const { document: d } = props;
    return (
        <fieldset>
            <legend>{t('file')}</legend>
            <label class="wide">
                {t('file')}
                <input
                    type="file"
                    name="document"
                    aria-describedby="file-hint"
                    aria-invalid={props.invalid}
                    onChange={(e) => d.choose(e.currentTarget.files?.[0])}
                />
            </label>
            <p id="file-hint" class="muted">
                {t('fileHint')}
            </p>
            <SaltNotice document={d} />
        </fieldset>
    );
}

/** The loan reference, what the ledger holds of the loan so far and, for a new loan, its parties. */
function LoanFields(props: {
    readonly fields: Fields;
    readonly invalid: (field: FormProblem) => boolean;
    readonly update: Update;
}): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const { fields } = props;
    const loanValid = isLoanRef(fields.loanRef);
    const head = useApi<LoanHead>(loanValid ? `/v1/loans/${encodeURIComponent(fields.loanRef)}` : undefined);
    const firstRecord = loanValid && head.error instanceof ApiError && head.error.code === 'LOAN_NOT_FOUND';
    return (
        <fieldset>
            <legend>{t('lookup')}</legend>
            <label class="wide">
                {t('loanRef')}
                <input
                    name="loanRef"
                    value={fields.loanRef}
                    spellcheck={false}
                    autocomplete="off"
                    aria-invalid={props.invalid('loanRef')}
                    onInput={(e) => props.update('loanRef', e.currentTarget.value.trim())}
                />
            </label>
            {loanValid && head.data ? <p class="muted">{t('nextRecord', { n: head.data.length })}</p> : null}
            {loanValid && head.error && !firstRecord ? <ErrorNotice error={head.error} /> : null}
            {firstRecord ? <PartiesFields fields={fields} invalid={props.invalid} update={props.update} /> : null}
        </fieldset>
    );
}

/** The loan's parties, asked for its first record only: that record binds them for good. */
function PartiesFields(props: {
    readonly fields: Fields;
    readonly invalid: (field: FormProblem) => boolean;
    readonly update: Update;
}): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const field = (name: 'bank' | 'product' | 'platform', label: ConsoleKey): JSX.Element => (
        <label>
            {t(label)}
            <input
                name={name}
                value={props.fields[name]}
                aria-invalid={props.invalid(name)}
                onInput={(e) => props.update(name, e.currentTarget.value.trim())}
            />
        </label>
    );
    return (
        <>
            <p class="notice">{t('firstRecord')}</p>
            <div class="grid">
                {field('bank', 'bank')}
                {field('product', 'product')}
                {field('platform', 'platformDefault')}
            </div>
        </>
    );
}

/** The stage (only those the organisation may write), the evidence type and, where needed, the consent. */
function StageFields(props: {
    readonly fields: Fields;
    readonly stages: readonly LifecycleStage[];
    readonly invalid: (field: FormProblem) => boolean;
    readonly update: Update;
    readonly onTypedEvidenceType: () => void;
}): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const lang = useLang();
    const { fields, update } = props;
    return (
        <fieldset>
            <legend>{t('stage')}</legend>
            <div class="grid">
                <label>
                    {t('stage')}
                    <select
                        name="stage"
                        value={fields.stage}
                        onChange={(e) => update('stage', e.currentTarget.value as LifecycleStage)}
                    >
                        {props.stages.map((stage) => (
                            <option key={stage} value={stage}>
                                {lang === 'en' ? STAGE_LABELS[stage].en : STAGE_LABELS[stage].zh}
                            </option>
                        ))}
                    </select>
                </label>
                <label>
                    {t('evidenceType')}
                    <input
                        name="evidenceType"
                        value={fields.evidenceType}
                        aria-invalid={props.invalid('evidenceType')}
                        onInput={(e) => {
                            props.onTypedEvidenceType();
                            update('evidenceType', e.currentTarget.value.trim());
                        }}
                    />
                </label>
                {needsConsent(fields.stage) ? (
                    <label>
                        {t('consentId')}
                        <input
                            name="consentId"
                            value={fields.consentId}
                            aria-invalid={props.invalid('consentId')}
                            onInput={(e) => update('consentId', e.currentTarget.value.trim())}
                        />
                    </label>
                ) : null}
            </div>
        </fieldset>
    );
}

/** The committed record: its position, block and transaction, and the way to its chain. */
function Registered(props: { readonly done: Committed<EvidenceWriteResult> }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const { done } = props;
    const record = done.result.record;
    return (
        <div role="status" class="notice notice-ok" data-registered={record.id}>
            {done.result.created ? (
                <>
                    {t('registered', { seq: record.seq, block: done.blockNumber })} <Hash value={done.txId} />
                </>
            ) : (
                t('registeredAgain', { seq: record.seq })
            )}{' '}
            <a href={href('console', 'loans', record.loanRef)}>{t('viewChain')}</a>
        </div>
    );
}
