import { type PackageVerification } from '@lendledger/verifier/package';
import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { CodeField } from '../common/code-field.tsx';
import { fingerprintFile } from '../common/hash-file.ts';
import { useT } from '../common/i18n.ts';
import { Page } from '../common/ui.tsx';
import { planOffline, recogniseFile, type DroppedFile } from './dropped-file.ts';
import { MESSAGES } from './messages.ts';
import { PackageResult } from './package-result.tsx';
import { verifyPackageBytes } from './package-verification.ts';
import { shownError, VerifyInputError, type ShownError } from './page-error.ts';
import { fetchPublicReceipt, fetchPublicRoots } from './public-lookup.ts';
import { ReceiptResult } from './receipt-result.tsx';
import { establishRoots, pinnedAgain, rememberedRoots, rememberRoots, type RootsInUse } from './roots-in-use.ts';
import {
    verifyReceiptIn,
    WHOLE_DOCUMENT_LIMIT,
    type PresentedDocument,
    type ReceiptVerification,
} from './run-verification.ts';

type Phase = 'idle' | 'hashing' | 'fetching' | 'verifying';
type Outcome =
    | { readonly kind: 'receipt'; readonly verification: ReceiptVerification }
    | { readonly kind: 'package'; readonly verification: PackageVerification; readonly name: string };

const FINGERPRINT = /^(?:sha256|sm3):[0-9a-f]{64}$/;
const ROOT = /^[0-9a-f]{64}$/;

/**
 * The public verification page: a file and its salt, or a fingerprint, is looked up on this gateway and the
 * receipt verified here in the browser; a dropped receipt, roots bundle or case package is verified with no network.
 */
export function VerifyPage(): JSX.Element {
    const t = useT(MESSAGES);
    const [phase, setPhase] = useState<Phase>('idle');
    const [progress, setProgress] = useState<{ done: number; total: number }>({ done: 0, total: 0 });
    const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
    const [error, setError] = useState<ShownError | undefined>(undefined);
    const [roots, setRoots] = useState<RootsInUse | undefined>(undefined);
    const [file, setFile] = useState<File | undefined>(undefined);
    const [salt, setSalt] = useState('');
    const [fingerprint, setFingerprint] = useState('');
    const [sealedBatch, setSealedBatch] = useState('');
    const [publishedPin, setPublishedPin] = useState('');
    const [over, setOver] = useState<'document' | 'offline' | undefined>(undefined);

    const busy = phase !== 'idle';

    async function run(task: () => Promise<Outcome>): Promise<void> {
        setError(undefined);
        setOutcome(undefined);
        try {
            setOutcome(await task());
        } catch (caught) {
            setError(shownError(caught));
        } finally {
            setPhase('idle');
        }
    }

    /** Online: hash the file (or take the fingerprint), fetch roots and receipt, verify here. */
    async function lookUp(event: Event): Promise<void> {
        event.preventDefault();
        await run(async () => {
            let fp = fingerprint.trim().toLowerCase();
            let presented: PresentedDocument | undefined;
            if (file) {
                if (!/^(?:[0-9a-fA-F]{2})*$/.test(salt.trim())) {
                    throw new VerifyInputError('BAD_SALT', 'the salt is not hex of whole bytes');
                }
                setPhase('hashing');
                fp = await fingerprintFile(file, salt, (done, total) => setProgress({ done, total }));
                const small = file.size <= WHOLE_DOCUMENT_LIMIT;
                presented = {
                    name: file.name,
                    fingerprint: fp,
                    ...(small ? { bytes: new Uint8Array(await file.arrayBuffer()), salt: hexBytes(salt) } : {}),
                };
            } else if (!FINGERPRINT.test(fp)) {
                throw new VerifyInputError('BAD_FINGERPRINT', 'not a fingerprint');
            }
            const batch = sealedBatch.trim().toLowerCase();
            if (batch !== '' && !ROOT.test(batch)) {
                throw new VerifyInputError('BAD_SEALED_BATCH', 'the sealed batch root is not 64 hex digits');
            }
            setPhase('fetching');
            const served = await fetchPublicRoots();
            // Only a pin the visitor typed binds the roots; the gateway's own pin header would vouch for itself.
            const trusted = await establishRoots(served.text, 'gateway', typedPin());
            rememberRoots(served.text);
            setRoots(trusted);
            const receipt = await fetchPublicReceipt(fp, batch || undefined);
            setPhase('verifying');
            const verification = await verifyReceiptIn(receipt.text, receipt.json, trusted, presented, fp);
            return { kind: 'receipt', verification };
        });
    }

    /** Offline: roots first, then the one receipt or package, with no network request. */
    async function verifyOffline(files: readonly File[]): Promise<void> {
        if (files.length === 0) {
            return;
        }
        await run(async () => {
            setPhase('verifying');
            const dropped: DroppedFile[] = [];
            for (const each of files) {
                dropped.push(recogniseFile(each.name, new Uint8Array(await each.arrayBuffer())));
            }
            const plan = planOffline(dropped);
            const pin = typedPin();
            // Roots already in use are checked again against the pin typed now, on every run.
            let trusted = plan.roots
                ? await establishRoots(plan.roots.text, 'file', pin)
                : roots && (await pinnedAgain(roots, pin));
            setRoots(trusted);
            const { work } = plan;
            if (work.kind === 'package') {
                const verification = await verifyPackageBytes(work.bytes, trusted);
                if (pin !== undefined && verification.roots?.sha256 !== pin) {
                    throw new VerifyInputError('ROOTS_PIN_MISMATCH', `the package's roots do not hash to ${pin}`);
                }
                return { kind: 'package', name: work.name, verification };
            }
            if (!trusted) {
                const cached = rememberedRoots();
                if (cached === undefined) {
                    throw new VerifyInputError('NO_ROOTS', 'no roots bundle to verify against');
                }
                trusted = await establishRoots(cached, 'cached', pin);
                setRoots(trusted);
            }
            return { kind: 'receipt', verification: await verifyReceiptIn(work.text, work.json, trusted) };
        });
    }

    /** The published pin as typed, lower case, or undefined when the field is empty. */
    function typedPin(): string | undefined {
        return publishedPin.trim().toLowerCase() || undefined;
    }

    const dropProps = (zone: 'document' | 'offline', onFiles: (files: File[]) => void) => ({
        onDragOver: (event: DragEvent) => {
            event.preventDefault();
            setOver(zone);
        },
        onDragLeave: () => setOver(undefined),
        onDrop: (event: DragEvent) => {
            event.preventDefault();
            setOver(undefined);
            onFiles([...(event.dataTransfer?.files ?? [])]);
        },
    });

    return (
        <Page title={t('title')}>
            <p>{t('intro')}</p>
            <section class="panel" aria-labelledby="pin-panel">
                <h2 id="pin-panel">{t('pinPanel')}</h2>
                <CodeField
                    label={t('publishedPin')}
                    name="publishedPin"
                    value={publishedPin}
                    onValue={setPublishedPin}
                    help={t('publishedPinHelp')}
                />
            </section>

            <form class="panel" onSubmit={(event) => void lookUp(event)} aria-labelledby="by-document">
                <h2 id="by-document">{t('byDocument')}</h2>
                <div
                    class={`dropzone${over === 'document' ? ' over' : ''}`}
                    {...dropProps('document', (files) => setFile(files[0]))}
                >
                    <label>
                        {t('file')}
                        <input
                            type="file"
                            name="document"
                            onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0])}
                        />
                    </label>
                    <p class="muted">{file ? file.name : t('fileHint')}</p>
                </div>
                <CodeField label={t('salt')} name="salt" value={salt} onValue={setSalt} help={t('saltHelp')} />
                <h3>{t('orFingerprint')}</h3>
                <CodeField
                    label={t('fingerprint')}
                    name="fingerprint"
                    value={fingerprint}
                    onValue={setFingerprint}
                    disabled={file !== undefined}
                />
                <details>
                    <summary>{t('sealedBatch')}</summary>
                    <CodeField
                        label={t('sealedBatch')}
                        name="sealedBatch"
                        value={sealedBatch}
                        onValue={setSealedBatch}
                        help={t('sealedBatchHelp')}
                    />
                </details>
                <p>
                    <button type="submit" disabled={busy || (file === undefined && fingerprint.trim() === '')}>
                        {t('check')}
                    </button>
                </p>
            </form>

            <section class="panel" aria-labelledby="offline">
                <h2 id="offline">{t('offline')}</h2>
                <p>{t('offlineIntro')}</p>
                <div
                    class={`dropzone${over === 'offline' ? ' over' : ''}`}
                    {...dropProps('offline', (files) => void verifyOffline(files))}
                >
                    <label>
                        {t('chooseFiles')}
                        <input
                            type="file"
                            name="offline"
                            multiple
                            accept=".json,.zip,application/json,application/zip"
                            disabled={busy}
                            onChange={(event) => {
                                const input = event.currentTarget as HTMLInputElement;
                                const files = [...(input.files ?? [])];
                                input.value = '';
                                void verifyOffline(files);
                            }}
                        />
                    </label>
                    <p class="muted">{t('dropHere')}</p>
                </div>
            </section>

            <PhaseStatus phase={phase} progress={progress} />
            {error ? <ErrorBox error={error} /> : null}
            {outcome?.kind === 'receipt' ? <ReceiptResult verification={outcome.verification} /> : null}
            {outcome?.kind === 'package' ? (
                <PackageResult verification={outcome.verification} name={outcome.name} />
            ) : null}
        </Page>
    );
}

/** What the page is doing now: the hashing progress bar, or the step it is at, announced politely. */
function PhaseStatus(props: {
    readonly phase: Phase;
    readonly progress: { readonly done: number; readonly total: number };
}): JSX.Element {
    const t = useT(MESSAGES);
    const { phase, progress } = props;
    return (
        <div aria-live="polite">
            {phase === 'hashing' ? (
                <label class="wide">
                    {t('hashing')}
                    <progress value={progress.done} max={Math.max(progress.total, 1)} />
                </label>
            ) : null}
            {phase === 'fetching' ? <p role="status">{t('fetching')}</p> : null}
            {phase === 'verifying' ? <p role="status">{t('verifying')}</p> : null}
        </div>
    );
}

/** An error in plain words with its stable code; the detail only where the words alone say too little. */
function ErrorBox(props: { readonly error: ShownError }): JSX.Element {
    const t = useT(MESSAGES);
    const { error } = props;
    const withDetail = ['error.OTHER', 'error.ROOTS', 'error.ROOTS_PIN_MISMATCH', 'error.SEVERAL_FILES'].includes(
        error.message,
    );
    return (
        <div role="alert" class="notice notice-error" data-error={error.code}>
            <strong>{t(error.message)}</strong>
            <div class="muted">
                {t('errorCode')} <code>{error.code}</code>
                {withDetail ? `: ${error.detail}` : ''}
            </div>
        </div>
    );
}

function hexBytes(hex: string): Uint8Array {
    const clean = hex.trim();
    const bytes = new Uint8Array(clean.length / 2);
    for (let index = 0; index < bytes.length; index++) {
        bytes[index] = Number.parseInt(clean.slice(index * 2, index * 2 + 2), 16);
    }
    return bytes;
}
