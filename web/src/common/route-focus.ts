import { useEffect, useRef } from 'preact/hooks';

/**
 * Moves focus to the page's title (else its main landmark) whenever `routeKey` changes after the first render, so a
 * screen reader announces the new page and keyboard users start from its top, as after a full page load.
 */
export function useRouteFocus(routeKey: string): void {
    const previous = useRef(routeKey);
    useEffect(() => {
        if (previous.current === routeKey) {
            return;
        }
        previous.current = routeKey;
        const target = document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main');
        target?.focus();
    }, [routeKey]);
}
