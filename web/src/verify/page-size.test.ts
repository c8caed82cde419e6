import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gzippedTotal, pageAssets } from '../../scripts/page-size.ts';

describe('the verification page size check', () => {
    const dirs: string[] = [];
    afterEach(() => {
        for (const dir of dirs.splice(0)) {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    function dist(files: Record<string, string>): { html: string; assets: string } {
        const dir = mkdtempSync(join(tmpdir(), 'page-size-'));
        dirs.push(dir);
        mkdirSync(join(dir, 'assets'));
        mkdirSync(join(dir, 'verify'));
        for (const [name, text] of Object.entries(files)) {
            writeFileSync(join(dir, name), text);
        }
        return { html: join(dir, 'verify', 'index.html'), assets: join(dir, 'assets') };
    }

    it('counts what the HTML names and, transitively, static imports, dynamic chunks and preloaded CSS, nothing else', () => {
        const { html, assets } = dist({
            'verify/index.html': '<script src="/app/assets/verify-a1.js"></script><link href="/app/assets/v-1.css">',
            'assets/verify-a1.js': 'import{x}from"./ui-b2.js";m(()=>import(`./package-c3.js`),["assets/pkg-d4.css"])',
            'assets/ui-b2.js': 'export const x=1',
            'assets/package-c3.js': 'import"./verify-a1.js";export const p=2',
            'assets/pkg-d4.css': '.p{}',
            'assets/v-1.css': '.v{}',
            'assets/app-e5.js': 'the signed-in application, not loaded by the verification page',
        });
        const found = pageAssets(html, assets);
        expect(found.map((asset) => asset.file)).toEqual([
            'package-c3.js',
            'pkg-d4.css',
            'ui-b2.js',
            'v-1.css',
            'verify-a1.js',
        ]);
        expect(gzippedTotal(found)).toBe(found.reduce((sum, asset) => sum + asset.gzipBytes, 0));
        expect(found.every((asset) => asset.gzipBytes > 0 && asset.bytes > 0)).toBe(true);
    });

    it('measures compressed size: a large repetitive asset weighs far less than its bytes', () => {
        const { html, assets } = dist({
            'verify/index.html': '<script src="/app/assets/big-1.js"></script>',
            'assets/big-1.js': 'a'.repeat(100_000),
        });
        const [big] = pageAssets(html, assets);
        expect(big?.bytes).toBe(100_000);
        expect(big!.gzipBytes).toBeLessThan(1_000);
    });
});
