import { type JSX } from 'preact';
import { Page } from '../common/ui.tsx';

/** Placeholder until the page is built. */
export function VerifyPage(): JSX.Element {
    return (
        <Page title="核验">
            <p>…</p>
        </Page>
    );
}
