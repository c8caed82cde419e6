import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDependenciesOf } from './testing/import-graph.js';

const SRC = import.meta.dirname;

describe('the entries that run in browsers', () => {
    it.each(['index.ts', 'verify.ts', 'build.ts', 'report.ts', 'package.ts', 'package/verify-package.ts', 'tsa.ts'])(
        'verifier %s reaches no Node built-in, Node global or Node-bound workspace code',
        (entry) => {
            expect(nodeDependenciesOf(join(SRC, entry))).toEqual([]);
        },
    );

    it('resolves fflate, which the package code unzips with, to its browser build for browsers', async () => {
        const manifest = (await import('fflate/package.json', { with: { type: 'json' } })).default;
        expect(manifest.exports['.'].import).toEqual({
            types: './esm/browser.d.ts',
            default: './esm/browser.js',
        });
    });

    it('the domain main entry, index.ts, reaches no Node built-in or Node global', () => {
        expect(nodeDependenciesOf(join(SRC, '..', '..', 'domain', 'src', 'index.ts'))).toEqual([]);
    });

    it('finds what ties a module to Node: the node entries of the verifier and of the domain', () => {
        expect(nodeDependenciesOf(join(SRC, 'node', 'index.ts')).map((d) => d.what)).toContain('imports node:fs');
        const domain = nodeDependenciesOf(join(SRC, '..', '..', 'domain', 'src', 'node', 'index.ts'));
        expect(domain).toContainEqual({ module: 'domain/src/node/sha256.ts', what: 'imports node:crypto' });
    });
});
