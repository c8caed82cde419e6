/**
 * A ref callback that moves focus to the element when it appears: the verdict is announced and, on a phone, scrolled
 * into view below the forms, instead of appearing unseen.
 */
export function focusOnShow(element: HTMLElement | null): void {
    element?.focus();
}
