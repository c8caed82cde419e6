import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';

/** The state of one GET through {@link useApi}. */
export interface ApiState<T> {
    readonly data?: T;
    readonly error?: unknown;
    readonly loading: boolean;
    /** Asks again (after a write, or when the user retries). */
    readonly reload: () => void;
}

/**
 * GETs `path` from this gateway's API when it is given, again whenever it changes or `reload` is called. An answer
 * that arrives after the path changed is dropped, so a slow answer never shows under the wrong heading.
 */
export function useApi<T>(path: string | undefined): ApiState<T> {
    const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
        loading: path !== undefined,
    });
    const [round, setRound] = useState(0);
    useEffect(() => {
        if (path === undefined) {
            setState({ loading: false });
            return;
        }
        const controller = new AbortController();
        setState({ loading: true });
        api<T>(path, { signal: controller.signal }).then(
            (data) => !controller.signal.aborted && setState({ data, loading: false }),
            (error: unknown) => !controller.signal.aborted && setState({ error, loading: false }),
        );
        return () => controller.abort();
    }, [path, round]);
    return { ...state, reload: () => setRound((r) => r + 1) };
}
