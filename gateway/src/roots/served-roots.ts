import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseRootsBundle, rootsBodyHash } from '@lendledger/verifier';
import { ConfigError } from '../config/load-config.js';
import { settingLabel } from '../config/settings.js';

/** The roots bundle a gateway trusts, as it serves it (`GET /v1/roots`) and copies it into case packages. */
export interface ServedRoots {
    /** The file's bytes exactly: a signed bundle must reach its reader as it was signed. */
    readonly bytes: Uint8Array;
    /** Lower-case hex SHA-256 of the bytes: the ETag and the Repr-Digest. */
    readonly sha256: string;
    readonly version: number;
    /** Lower-case hex SHA-256 of the bundle's canonical body: the value a court records when it pins the bundle. */
    readonly bodySha256: string;
}

/**
 * Reads the configured roots bundle once, at start-up: the gateway serves and packages the bundle it was started
 * with (the Notary's gateway verifies against the same), so a new version takes effect on restart, for all three
 * at once. The file must be a bundle; whether its signatures bind is for whoever relies on it to judge.
 *
 * @returns undefined when `path` is '' (no bundle configured).
 * @throws {@link ConfigError} naming roots.path when the file cannot be read or is not a roots bundle.
 */
export async function readServedRoots(path: string): Promise<ServedRoots | undefined> {
    if (path === '') {
        return undefined;
    }
    try {
        const bytes = new Uint8Array(await readFile(path));
        const bundle = parseRootsBundle(Buffer.from(bytes).toString('utf8'));
        return {
            bytes,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            version: bundle.version,
            bodySha256: rootsBodyHash(bundle),
        };
    } catch (error) {
        throw new ConfigError([`${settingLabel('roots.path')}: ${path}: ${(error as Error).message}`]);
    }
}
