import { useEffect, useState } from 'preact/hooks';

/** What the gateway serving this page says about itself (`GET /app/config.json`). */
export interface AppConfig {
    /** Organisation key, e.g. `bank`. */
    readonly org: string;
    readonly mspId: string;
    /** The organisation's consortium roles from the membership registry, e.g. `['bank']`. */
    readonly memberRoles: readonly string[];
    readonly signIn:
        | { readonly mode: 'development'; readonly subjects: readonly string[] }
        | {
              readonly mode: 'oidc';
              readonly issuer: string;
              readonly clientId: string;
              readonly scope: string;
              /** The audience the gateway expects in access tokens (`auth.audience`). */
              readonly audience: string;
              /** RFC 8707 resource indicator to ask access tokens for (`web.oidc.resource`); '' for none. */
              readonly resource?: string;
          }
        | { readonly mode: 'none' };
}

let loaded: Promise<AppConfig> | undefined;
/** The configuration once it has arrived, so a component mounted later draws at once instead of a loading line. */
let known: AppConfig | undefined;

/** Fetches the configuration once per page load. */
export function loadAppConfig(): Promise<AppConfig> {
    loaded ??= fetch('/app/config.json', { signal: AbortSignal.timeout(15_000) }).then(async (response) => {
        if (!response.ok) {
            throw new Error(`/app/config.json: HTTP ${response.status}`);
        }
        known = (await response.json()) as AppConfig;
        return known;
    });
    return loaded;
}

/** The configuration, or undefined while it loads. */
export function useAppConfig(): AppConfig | undefined {
    const [config, setConfig] = useState<AppConfig | undefined>(known);
    useEffect(() => {
        void loadAppConfig().then(setConfig, () => undefined);
    }, []);
    return config;
}
