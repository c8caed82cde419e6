import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Two pages: the public verification page (no sign-in, kept small) and the signed-in application. Each gateway
// serves the output under /app (gateway setting web.root).
export default defineConfig({
    base: '/app/',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
        outDir: 'dist',
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        reportCompressedSize: false,
        chunkSizeWarningLimit: 2048,
        rollupOptions: {
            input: { app: page('./index.html'), verify: page('./verify/index.html') },
        },
    },
});
