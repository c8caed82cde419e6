import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type LightMyRequestResponse } from 'fastify';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/** The methods the route suites send. */
export type SuiteMethod = 'GET' | 'POST' | 'PUT';

/** One gateway shared by a route file's tests, and a request helper signed with a token of the given roles. */
export interface RouteSuite {
    readonly gateway: TestGateway;
    send(
        method: SuiteMethod,
        url: string,
        payload?: object,
        roles?: readonly string[],
    ): Promise<LightMyRequestResponse>;
}

/**
 * Starts one test gateway for the enclosing `describe` (building an app costs more than most tests), and clears
 * its fake ledger's handlers and call records before each test so that tests do not see each other's calls.
 */
export function routeSuite(settings: Record<string, unknown> = {}): RouteSuite {
    let current: TestGateway | undefined;
    beforeAll(async () => {
        current = await startTestGateway(settings);
    });
    afterAll(async () => {
        await current?.close();
    });
    beforeEach(() => {
        const ledger = current!.ledger;
        ledger.handlers.clear();
        ledger.endorsed.length = 0;
        ledger.evaluated.length = 0;
    });
    return {
        get gateway() {
            return current!;
        },
        async send(method, url, payload, roles = ['submitter']) {
            return current!.app.inject({
                method,
                url,
                headers: await current!.auth({ roles }),
                ...(payload === undefined ? {} : { payload }),
            });
        },
    };
}
