import { useEffect, useRef } from 'preact/hooks';

/** Set when the route changed and no page title has taken focus yet (the new page may still be loading). */
let focusPending = false;

/** Focuses the page's title (else its main landmark); answers whether there was one. */
function focusTitle(): boolean {
    const target = document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main');
    target?.focus();
    return target !== null;
}

/**
 * Moves focus to the page's title whenever `routeKey` changes after the first render, so a screen reader announces
 * the new page and keyboard users start from its top, as after a full page load. When the new page is not drawn
 * yet (its configuration or data still loading), the first page frame drawn takes it ({@link takePendingFocus}).
 */
export function useRouteFocus(routeKey: string): void {
    const previous = useRef(routeKey);
    useEffect(() => {
        if (previous.current === routeKey) {
            return;
        }
        previous.current = routeKey;
        focusPending = !focusTitle();
    }, [routeKey]);
}

/** Called by a page frame once drawn: takes the focus a route change left pending, if any. */
export function takePendingFocus(): void {
    if (focusPending) {
        focusPending = !focusTitle();
    }
}
