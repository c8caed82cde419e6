import { readFileSync } from 'node:fs';
import { parseRootsBundle, RootsBundleError, type RootsBundle } from '../roots/roots-bundle.js';

/**
 * Reads a roots bundle file (`lendledger-roots/3` or `/2` JSON). Whether it binds is for `verifyRootsBundle` or
 * `followRootsUpdates` to decide.
 *
 * @throws {@link RootsBundleError} when the file cannot be read or is not a bundle.
 */
export function loadRootsBundle(path: string): RootsBundle {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch (error) {
        throw new RootsBundleError(`cannot read ${path}: ${(error as Error).message}`);
    }
    return parseRootsBundle(text);
}
