/** What the browser tells of a chosen file: enough to recognise the same file chosen again. */
export interface FileIdentity {
    readonly name: string;
    readonly size: number;
    readonly lastModified: number;
}

/**
 * A key naming a chosen file by its name, size and modification time: equal keys for the same file chosen again.
 * The same file keeps its salt under this key, so it keeps its fingerprint and a write naming it replays instead
 * of writing twice.
 */
export function fileKey(file: FileIdentity): string {
    return JSON.stringify([file.name, file.size, file.lastModified]);
}
