import { useEffect, useState } from 'preact/hooks';

/** The languages of the interface; 简体中文 is the default. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** One area's messages: the same keys in every language, so a missing translation is a type error. */
export type Messages<K extends string> = Readonly<Record<Lang, Readonly<Record<K, string>>>>;

const STORAGE_KEY = 'lendledger.lang';
const listeners = new Set<(lang: Lang) => void>();

function storedLang(): Lang {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    const stored = fromUrl ?? safeStorage()?.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'zh-CN';
}

function safeStorage(): Storage | undefined {
    try {
        return localStorage;
    } catch {
        return undefined;
    }
}

let current: Lang = storedLang();
document.documentElement.lang = current;

/** The language now in use. */
export function currentLang(): Lang {
    return current;
}

/** Switches the language everywhere and remembers the choice in this browser. */
export function setLang(lang: Lang): void {
    current = lang;
    document.documentElement.lang = lang;
    safeStorage()?.setItem(STORAGE_KEY, lang);
    for (const listener of listeners) {
        listener(lang);
    }
}

/** The language, re-rendering the component when it changes. */
export function useLang(): Lang {
    const [lang, setState] = useState(current);
    useEffect(() => {
        listeners.add(setState);
        return () => listeners.delete(setState);
    }, []);
    return lang;
}

/**
 * A translator over one area's messages. `{name}` placeholders are filled from `values`.
 *
 * @example const t = useT(MESSAGES); t('title'); t('count', { n: 3 })
 */
export function useT<K extends string>(
    messages: Messages<K>,
): (key: K, values?: Record<string, string | number>) => string {
    const lang = useLang();
    return (key, values) => format(messages[lang][key], values);
}

function format(template: string, values: Record<string, string | number> | undefined): string {
    if (!values) {
        return template;
    }
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
