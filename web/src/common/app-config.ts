import { type AppConfigDocument } from '@lendledger/domain';
import { useEffect, useState } from 'preact/hooks';

/** What the gateway serving this page says about itself (`GET /app/config.json`), as the gateway types it. */
export type AppConfig = AppConfigDocument;

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
