import { VerifyInputError } from './page-error.ts';
import { isRootsDocument } from './roots-in-use.ts';

/** A file dropped on the offline panel, recognised by its content (not its name). */
export type DroppedFile =
    | { readonly kind: 'roots'; readonly name: string; readonly text: string }
    | { readonly kind: 'receipt'; readonly name: string; readonly text: string; readonly json: unknown }
    | { readonly kind: 'package'; readonly name: string; readonly bytes: Uint8Array };

/** A zip starts with a local file header, or, when empty, with the end of its central directory. */
function isZip(bytes: Uint8Array): boolean {
    return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/**
 * Recognises a dropped file: a zip is a case package, JSON whose `format` is a roots bundle's is roots, any other
 * JSON object is taken as a receipt (the verifier then says what is wrong with it).
 *
 * @throws {@link VerifyInputError} NOT_JSON or UNKNOWN_FILE.
 */
export function recogniseFile(name: string, bytes: Uint8Array): DroppedFile {
    if (isZip(bytes)) {
        return { kind: 'package', name, bytes };
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        throw new VerifyInputError('NOT_JSON', `${name} is neither a zip nor JSON`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new VerifyInputError('UNKNOWN_FILE', `${name} is JSON but not an object`);
    }
    return isRootsDocument(json) ? { kind: 'roots', name, text } : { kind: 'receipt', name, text, json };
}

/** What one offline run verifies: at most one roots bundle, and exactly one receipt or package. */
export interface OfflinePlan {
    readonly roots: Extract<DroppedFile, { kind: 'roots' }> | undefined;
    readonly work: Exclude<DroppedFile, { kind: 'roots' }>;
}

/**
 * Sorts the files of one drop into roots and the one thing to verify. Several receipts or packages (or several
 * roots bundles) are refused as a whole rather than one of them verified silently and the others dropped.
 *
 * @throws {@link VerifyInputError} SEVERAL_FILES, or UNKNOWN_FILE when only roots were dropped.
 */
export function planOffline(dropped: readonly DroppedFile[]): OfflinePlan {
    const roots = dropped.filter((item) => item.kind === 'roots');
    const work = dropped.filter((item) => item.kind !== 'roots');
    if (roots.length > 1 || work.length > 1) {
        const names = dropped.map((item) => item.name).join(', ');
        throw new VerifyInputError('SEVERAL_FILES', `one receipt or package (and one roots.json) at a time: ${names}`);
    }
    const [only] = work;
    if (only === undefined) {
        throw new VerifyInputError('UNKNOWN_FILE', 'only roots were dropped: drop a receipt or package too');
    }
    return { roots: roots[0], work: only };
}
