import { type JSX } from 'preact';
import { Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';

/** Placeholder until the area is built. */
export function CaseDesk(props: AreaProps): JSX.Element {
    return (
        <Page title="CaseDesk" nav={props.nav} actions={props.actions}>
            <p>{props.path.join('/')}</p>
        </Page>
    );
}
