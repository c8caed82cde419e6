import { type Lang } from './i18n.ts';

/** Formats a date-time in the given language, in the browser's time zone, with the zone shown. */
export function formatTime(iso: string, lang: Lang): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return iso;
    }
    // dateStyle/timeStyle cannot be combined with timeZoneName (a TypeError), so the parts are named one by one.
    return new Intl.DateTimeFormat(lang, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'short',
    }).format(date);
}

/** Formats integer cents as an amount in yuan, exactly (no floating point on the way). */
export function formatCents(cents: number | string | bigint, lang: Lang): string {
    const value = BigInt(cents);
    const negative = value < 0n;
    const abs = negative ? -value : value;
    const yuan = new Intl.NumberFormat(lang).format(abs / 100n);
    const fen = (abs % 100n).toString().padStart(2, '0');
    return `${negative ? '-' : ''}¥${yuan}.${fen}`;
}
