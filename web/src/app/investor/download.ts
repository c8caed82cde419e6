/** Saves text generated in the browser as a file download (CSV exports); nothing goes to the server. */
export function downloadText(filename: string, text: string, type: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The download has taken the blob by the next task; keeping the URL would keep the blob in memory.
    setTimeout(() => URL.revokeObjectURL(url), 0);
}
