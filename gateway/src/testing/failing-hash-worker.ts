import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultHashWorkerUrl } from '../anchors/merkle-worker-pool.js';

/**
 * A hashing worker script (in `dir`) whose first worker misbehaves on its first task, exiting (`exit`) or never
 * answering (`hang`), while every later worker is the gateway's own: a crash or a hang, then recovery.
 */
export async function hashWorkerFailingOnce(dir: string, behaviour: 'exit' | 'hang'): Promise<URL> {
    const flag = join(dir, 'hash-worker-fails-once');
    await writeFile(flag, '');
    const script = join(dir, 'failing-hash-worker.mjs');
    const misbehave = behaviour === 'exit' ? 'process.exit(7)' : '/* never answers */';
    await writeFile(
        script,
        `import { existsSync, rmSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
if (existsSync(${JSON.stringify(flag)})) {
    rmSync(${JSON.stringify(flag)});
    parentPort.on('message', () => { ${misbehave} });
} else {
    await import(${JSON.stringify(defaultHashWorkerUrl().href)});
}
`,
    );
    return pathToFileURL(script);
}
