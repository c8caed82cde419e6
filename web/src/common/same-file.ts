/** What the browser tells of a chosen file: enough to recognise the same file chosen again. */
export interface FileIdentity {
    readonly name: string;
    readonly size: number;
    readonly lastModified: number;
}

/**
 * Whether two choices are the same file (name, size and modification time agree). The same file chosen again keeps
 * its salt, so it keeps its fingerprint and a write that names it replays instead of writing twice.
 */
export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
    return (
        a !== undefined &&
        b !== undefined &&
        a.name === b.name &&
        a.size === b.size &&
        a.lastModified === b.lastModified
    );
}
