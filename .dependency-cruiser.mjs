// Import cycles make a module's meaning depend on load order and hide which layer owns what (issue 11).
// `npm run lint` (lint:cycles) runs this over every package's sources, type-only imports included.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
    forbidden: [
        {
            name: 'no-circular',
            severity: 'error',
            comment: 'Modules import in one direction: a composition root wires, the modules it wires take interfaces.',
            from: {},
            to: { circular: true },
        },
    ],
    options: {
        doNotFollow: { path: 'node_modules' },
        exclude: { path: ['(^|/)dist/', '(^|/)node_modules/', '^\\.data/', '^coverage/'] },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'tsconfig.json' },
        enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    },
};
