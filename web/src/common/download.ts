/**
 * Hands a blob to the browser as a download named `filename`. An object URL and a temporary link keep it within
 * the page's Content-Security-Policy (no navigation, no inline script).
 */
export function saveBlob(blob: Blob, filename: string): void {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    // The download has started from the click; the URL may go once the event loop has turned.
    setTimeout(() => URL.revokeObjectURL(url), 0);
}
