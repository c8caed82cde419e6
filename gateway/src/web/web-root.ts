import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the built web application: `web.root` when set, else the `dist` folder of the `@lendledger/web`
 * workspace package (built by `npm run build`). Undefined when neither holds an `index.html`.
 */
export function webRootOf(configured: string): string | undefined {
    const candidates = configured !== '' ? [configured] : defaultRoots();
    return candidates.find((root) => existsSync(join(root, 'index.html')));
}

function defaultRoots(): string[] {
    try {
        return [join(dirname(fileURLToPath(import.meta.resolve('@lendledger/web/package.json'))), 'dist')];
    } catch {
        return [];
    }
}
