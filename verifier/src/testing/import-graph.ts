import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Workspace entries a portable graph may follow, mapped to their sources. */
const PORTABLE_WORKSPACE_ENTRIES: Readonly<Record<string, string>> = {
    '@lendledger/domain': join(REPO_ROOT, 'domain', 'src', 'index.ts'),
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/g;
const DYNAMIC_IMPORT = /\bimport\(\s*'([^']+)'\s*\)/g;
const NODE_GLOBAL = /\b(?:Buffer|process|__dirname|__filename|require)\b/;

/** Something in a module that ties it to Node. */
export interface NodeDependency {
    /** The module, relative to the repository root. */
    readonly module: string;
    readonly what: string;
}

function withoutComments(source: string): string {
    return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function isNodeBuiltin(specifier: string): boolean {
    return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);
}

/**
 * Walks the TypeScript sources reachable from `entry` through relative imports and the portable workspace entries,
 * and lists every Node built-in they import, every Node global they use and every other workspace entry they reach
 * (those bind Node code). Type-only imports are erased at run time and are not followed.
 */
export function nodeDependenciesOf(entry: string): NodeDependency[] {
    const found: NodeDependency[] = [];
    const seen = new Set<string>();
    const pending = [resolve(entry)];
    while (pending.length > 0) {
        const file = pending.pop()!;
        if (seen.has(file)) {
            continue;
        }
        seen.add(file);
        const module = relative(REPO_ROOT, file);
        const source = withoutComments(readFileSync(file, 'utf8'));
        const specifiers = [
            ...[...source.matchAll(IMPORT)].filter((m) => m[1] === undefined).map((m) => m[2]!),
            ...[...source.matchAll(DYNAMIC_IMPORT)].map((m) => m[1]!),
        ];
        for (const specifier of specifiers) {
            if (specifier.startsWith('.')) {
                pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
            } else if (PORTABLE_WORKSPACE_ENTRIES[specifier] !== undefined) {
                pending.push(PORTABLE_WORKSPACE_ENTRIES[specifier]);
            } else if (specifier.startsWith('@lendledger/') || isNodeBuiltin(specifier)) {
                found.push({ module, what: `imports ${specifier}` });
            }
        }
        const global = NODE_GLOBAL.exec(source.replace(/'[^'\n]*'|"[^"\n]*"|`[^`]*`/g, "''"));
        if (global) {
            found.push({ module, what: `uses ${global[0]}` });
        }
    }
    return found;
}
