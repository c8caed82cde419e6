import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';

/** A read in progress, done or failed, and a way to read again: the one data-loading shape of the application. */
export interface Resource<T> {
    readonly data?: T;
    readonly error?: unknown;
    readonly loading: boolean;
    /** Reads again (after a write, or when the user retries); what was shown stays until the answer. */
    readonly reload: () => void;
}

/**
 * Runs `load` when given, again whenever `deps` change or `reload` is called. When the inputs change what was shown
 * goes at once, and an answer that arrives after they changed is dropped (its signal is aborted), so a slow answer
 * never shows under the wrong heading. Without `load` nothing is read.
 */
export function useResource<T>(
    load: ((signal: AbortSignal) => Promise<T>) | undefined,
    deps: readonly unknown[],
): Resource<T> {
    const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
        loading: load !== undefined,
    });
    const [round, setRound] = useState(0);
    const reloading = useRef(false);
    useEffect(() => {
        const keep = reloading.current;
        reloading.current = false;
        if (!load) {
            setState({ loading: false });
            return;
        }
        const controller = new AbortController();
        setState((previous) => (keep ? { data: previous.data, loading: true } : { loading: true }));
        load(controller.signal).then(
            (data) => !controller.signal.aborted && setState({ data, loading: false }),
            (error: unknown) => !controller.signal.aborted && setState({ error, loading: false }),
        );
        return () => controller.abort();
    }, [...deps, round]);
    const reload = (): void => {
        reloading.current = true;
        setRound((r) => r + 1);
    };
    return { ...state, reload };
}

/** GETs `path` from this gateway's API when it is given (see {@link useResource}). */
export function useApi<T>(path: string | undefined): Resource<T> {
    return useResource(path === undefined ? undefined : (signal) => api<T>(path, { signal }), [path]);
}
