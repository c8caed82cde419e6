import { type JSX } from 'preact';

/** What {@link CodeField} shows: its label, its value and, if given, a help line the input is described by. */
export interface CodeFieldProps {
    readonly label: string;
    readonly name: string;
    readonly value: string;
    readonly onValue: (value: string) => void;
    readonly help?: string;
    readonly disabled?: boolean;
}

/**
 * A full-width text field for a code a person pastes (a fingerprint, a salt, a pin): no autocomplete, no spell
 * check, and its help line (id `<name>-help`) tied to it for screen readers.
 */
export function CodeField(props: CodeFieldProps): JSX.Element {
    const helpId = `${props.name}-help`;
    return (
        <>
            <label class="wide">
                {props.label}
                <input
                    name={props.name}
                    value={props.value}
                    autoComplete="off"
                    spellcheck={false}
                    disabled={props.disabled}
                    aria-describedby={props.help === undefined ? undefined : helpId}
                    onInput={(event) => props.onValue((event.currentTarget as HTMLInputElement).value)}
                />
            </label>
            {props.help === undefined ? null : (
                <p id={helpId} class="muted">
                    {props.help}
                </p>
            )}
        </>
    );
}
