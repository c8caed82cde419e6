import { type KeyWrite } from '../decode/endorser-action.js';
import { fromUtf8 } from '../encoding/bytes.js';

/**
 * Members of a written record that name the document the record is about: an evidence record's `fingerprint`, a
 * case document's `documentFingerprint`, a record's `metadataFingerprint`, an anchor's `root`, a probe's `value`.
 * A fingerprint that appears elsewhere (say as the `corrects` of a correction, or the `previous.id` of the next
 * record) is only mentioned by that record, not registered by it, so it does not count.
 */
export const DOCUMENT_MEMBERS = Object.freeze([
    'fingerprint',
    'documentFingerprint',
    'metadataFingerprint',
    'root',
    'value',
] as const);

/** A world-state write that holds a target value in one of the {@link DOCUMENT_MEMBERS}. */
export interface LocatedWrite {
    readonly key: string;
    readonly member: string;
}

/** The top-level JSON members of a written value, or undefined when it is not a JSON object. */
export function jsonMembers(value: Uint8Array): Record<string, unknown> | undefined {
    try {
        const parsed: unknown = JSON.parse(fromUtf8(value));
        return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : undefined;
    } catch {
        return undefined;
    }
}

/** Finds the first live write in `namespace` whose value holds `target` in a document member. */
export function locateWrite(writes: readonly KeyWrite[], namespace: string, target: string): LocatedWrite | undefined {
    for (const write of writes) {
        if (write.namespace !== namespace || write.isDelete) {
            continue;
        }
        const members = jsonMembers(write.value);
        const member = DOCUMENT_MEMBERS.find((name) => members?.[name] === target);
        if (member !== undefined) {
            return { key: write.key, member };
        }
    }
    return undefined;
}

/** A composite key (`\0type\0attr\0…\0`) as `type/attr/…`; a simple key unchanged. */
export function readableKey(key: string): string {
    return key.startsWith('\u0000') ? key.split('\u0000').filter(Boolean).join('/') : key;
}
