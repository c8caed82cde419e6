import { useCallback, useEffect, useState } from 'preact/hooks';

/** A read in progress, done or failed, and a way to read again. */
export interface Resource<T> {
    readonly value?: T;
    readonly error?: unknown;
    readonly loading: boolean;
    readonly reload: () => void;
}

/**
 * Runs `load` when the component mounts and whenever `deps` change; an answer that arrives after the inputs
 * changed is dropped, so a slow read of an earlier deal cannot overwrite the current one.
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
    const [state, setState] = useState<{ value?: T; error?: unknown; loading: boolean }>({ loading: true });
    const [round, setRound] = useState(0);
    useEffect(() => {
        let current = true;
        setState((previous) => ({ ...previous, loading: true }));
        load().then(
            (value) => current && setState({ value, loading: false }),
            (error: unknown) => current && setState({ error, loading: false }),
        );
        return () => {
            current = false;
        };
    }, [...deps, round]);
    const reload = useCallback(() => setRound((n) => n + 1), []);
    return { ...state, reload };
}
