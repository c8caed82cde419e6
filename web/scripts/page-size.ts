import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget of the public verification page: every script and stylesheet it may load, gzipped. */
export const VERIFY_PAGE_BUDGET_BYTES = 300_000;

/** One asset a page may load, with its size as sent compressed. */
export interface PageAsset {
    readonly file: string;
    readonly bytes: number;
    readonly gzipBytes: number;
}

/**
 * Every asset of `assetsDir` a page may load: those its HTML names, then, transitively, every asset whose file name
 * appears in a loaded one (static imports, dynamic `import()` chunks, the CSS a chunk preloads). A chunk loaded only
 * when a zip is dropped counts too: the budget is for everything the page can ask for.
 */
export function pageAssets(htmlFile: string, assetsDir: string): PageAsset[] {
    const names = readdirSync(assetsDir).filter((name) => /\.(?:js|css|mjs)$/.test(name));
    const seen = new Set<string>();
    const queue = names.filter((name) => readFileSync(htmlFile, 'utf8').includes(name));
    while (queue.length > 0) {
        const name = queue.shift()!;
        if (seen.has(name)) {
            continue;
        }
        seen.add(name);
        const text = readFileSync(join(assetsDir, name), 'utf8');
        queue.push(...names.filter((other) => !seen.has(other) && text.includes(other)));
    }
    return [...seen].sort().map((file) => {
        const content = readFileSync(join(assetsDir, file));
        return { file, bytes: content.byteLength, gzipBytes: gzipSync(content, { level: 9 }).byteLength };
    });
}

/** Total gzipped bytes of the assets. */
export function gzippedTotal(assets: readonly PageAsset[]): number {
    return assets.reduce((sum, asset) => sum + asset.gzipBytes, 0);
}

function main(): void {
    const dist = resolve(import.meta.dirname, '..', 'dist');
    const assets = pageAssets(join(dist, 'verify', 'index.html'), join(dist, 'assets'));
    const total = gzippedTotal(assets);
    for (const asset of assets) {
        console.log(
            `  ${asset.file.padEnd(32)} ${String(asset.bytes).padStart(9)} B  ${String(asset.gzipBytes).padStart(8)} B gzipped`,
        );
    }
    const verdict = total <= VERIFY_PAGE_BUDGET_BYTES ? 'within' : 'OVER';
    console.log(
        `verification page: ${(total / 1000).toFixed(1)} kB gzipped, ${verdict} the budget of ${VERIFY_PAGE_BUDGET_BYTES / 1000} kB`,
    );
    if (total > VERIFY_PAGE_BUDGET_BYTES) {
        process.exitCode = 1;
    }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
    main();
}
