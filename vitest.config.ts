import { defineConfig } from 'vitest/config';
import { LastSuitesLastSequencer } from './test/support/suite-order.ts';

export default defineConfig({
    test: {
        // The ledger PII scan (test/zz-ledger-pii-scan.test.ts) must see every block the other suites wrote.
        sequence: { sequencer: LastSuitesLastSequencer },
        projects: [
            {
                test: {
                    name: 'unit',
                    // No unit test asserts speed; on two loaded cores a render or a crypto-heavy property can pass 5 s.
                    testTimeout: 20_000,
                    env: { CORE_CHAINCODE_LOGGING_LEVEL: 'warning' },
                    include: ['{domain,chaincode,gateway,network,verifier,web,bench}/src/**/*.test.ts'],
                },
            },
            {
                test: {
                    name: 'integration',
                    include: ['test/**/*.test.ts'],
                    globalSetup: ['test/support/global-setup.ts'],
                    // The suites share one real network and some of them stop and kill its nodes.
                    fileParallelism: false,
                    testTimeout: 180_000,
                    hookTimeout: 300_000,
                },
            },
        ],
    },
});
