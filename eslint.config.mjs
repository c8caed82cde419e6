// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
    { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**'] },
    js.configs.recommended,
    ...tseslint.configs.strict,
    {
        languageOptions: {
            globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
        },
        rules: {
            '@typescript-eslint/explicit-module-boundary-types': 'error',
            '@typescript-eslint/no-explicit-any': 'error',
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
            '@typescript-eslint/no-extraneous-class': 'off',
            complexity: ['warn', 12],
            eqeqeq: ['error', 'always'],
            'no-console': 'off',
            // noUncheckedIndexedAccess makes every indexed read optional; after a bounds check `!` is the honest form.
            '@typescript-eslint/no-non-null-assertion': 'off',
        },
    },
    {
        // Decorator metadata (design:paramtypes) needs value imports of parameter types such as Context.
        files: ['chaincode/src/**/*-contract.ts'],
        rules: { '@typescript-eslint/consistent-type-imports': 'off' },
    },
    {
        // The web application runs in browsers.
        files: ['web/**/*.{ts,tsx}'],
        languageOptions: {
            globals: {
                window: 'readonly',
                document: 'readonly',
                location: 'readonly',
                history: 'readonly',
                navigator: 'readonly',
                fetch: 'readonly',
                crypto: 'readonly',
                atob: 'readonly',
                btoa: 'readonly',
                localStorage: 'readonly',
                sessionStorage: 'readonly',
                addEventListener: 'readonly',
                removeEventListener: 'readonly',
                setTimeout: 'readonly',
                clearTimeout: 'readonly',
                AbortSignal: 'readonly',
                AbortController: 'readonly',
                URLSearchParams: 'readonly',
                TextDecoder: 'readonly',
                TextEncoder: 'readonly',
                FormData: 'readonly',
                Blob: 'readonly',
                File: 'readonly',
                Response: 'readonly',
                Headers: 'readonly',
                Event: 'readonly',
                HTMLElement: 'readonly',
                HTMLInputElement: 'readonly',
                HTMLSelectElement: 'readonly',
                HTMLFormElement: 'readonly',
                Intl: 'readonly',
                performance: 'readonly',
                requestAnimationFrame: 'readonly',
                ResizeObserver: 'readonly',
                Storage: 'readonly',
            },
        },
    },
    prettier,
);
