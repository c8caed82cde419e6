import { pemCertificates, PemError, toPem } from '../x509/pem.js';
import { CodedError } from '@lendledger/domain';

/** Format tag of a roots bundle. */
export const ROOTS_FORMAT = 'lendledger-roots/1';

/**
 * The certificates a verifier trusts, per MSP: the roots of each organisation's signing CA (`ca.<domain>`, never the
 * TLS CA) and, for networks whose CAs issue through intermediates, those intermediates.
 */
export interface RootsBundle {
    readonly format: typeof ROOTS_FORMAT;
    /** Free text naming the network the roots belong to. */
    readonly network?: string;
    /** MSP ID → PEM certificates of its root CAs. */
    readonly roots: Readonly<Record<string, readonly string[]>>;
    /** MSP ID → PEM certificates of its intermediate CAs. */
    readonly intermediates?: Readonly<Record<string, readonly string[]>>;
}

/** Thrown when a roots bundle cannot be read; `reason` says what to fix. */
export class RootsBundleError extends CodedError {
    readonly reason: string;

    constructor(reason: string) {
        super('ROOTS_BUNDLE_INVALID', `invalid roots bundle: ${reason}`);
        this.reason = reason;
    }
}

/**
 * Reads a roots bundle from text: the JSON form, or a PEM file in which a line `MSP: <id>` (optionally behind `#`)
 * names the MSP of the certificates after it and `Intermediate: <id>` marks intermediates.
 *
 * @throws {@link RootsBundleError} when the text is neither form or names no certificate.
 * @example parseRootsBundle('MSP: BankMSP\n-----BEGIN CERTIFICATE-----\n…')
 */
export function parseRootsBundle(text: string): RootsBundle {
    const trimmed = text.trimStart();
    const bundle = trimmed.startsWith('{') ? parseJsonBundle(trimmed) : parsePemBundle(text);
    if (Object.keys(bundle.roots).length === 0) {
        throw new RootsBundleError('it names no root certificate');
    }
    return bundle;
}

function parseJsonBundle(text: string): RootsBundle {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new RootsBundleError('it is not valid JSON');
    }
    const object = value as Partial<RootsBundle> | null;
    if (object === null || typeof object !== 'object' || object.format !== ROOTS_FORMAT) {
        throw new RootsBundleError(`"format" must be "${ROOTS_FORMAT}"`);
    }
    return {
        format: ROOTS_FORMAT,
        ...(typeof object.network === 'string' ? { network: object.network } : {}),
        roots: pemMap(object.roots, 'roots'),
        ...(object.intermediates === undefined ? {} : { intermediates: pemMap(object.intermediates, 'intermediates') }),
    };
}

function pemMap(value: unknown, field: string): Record<string, string[]> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RootsBundleError(`"${field}" must map MSP IDs to arrays of PEM certificates`);
    }
    const out: Record<string, string[]> = {};
    for (const [mspId, pems] of Object.entries(value)) {
        if (!Array.isArray(pems) || !pems.every((pem) => typeof pem === 'string' && pemCertificates(pem).length > 0)) {
            throw new RootsBundleError(`"${field}.${mspId}" must be an array of PEM certificates`);
        }
        out[mspId] = pems as string[];
    }
    return out;
}

const LABEL = /^\s*#?\s*(MSP|Intermediate)\s*:\s*(\S+)\s*$/i;

function parsePemBundle(text: string): RootsBundle {
    const roots: Record<string, string[]> = {};
    const intermediates: Record<string, string[]> = {};
    let target: string[] | undefined;
    let section = '';
    for (const line of text.split(/\r?\n/)) {
        const label = LABEL.exec(line);
        if (label) {
            const map = label[1]!.toLowerCase() === 'msp' ? roots : intermediates;
            target = map[label[2]!] ??= [];
            continue;
        }
        section += `${line}\n`;
        if (line.includes('-----END CERTIFICATE-----')) {
            if (target === undefined) {
                throw new RootsBundleError('a certificate comes before any "MSP: <id>" line');
            }
            target.push(...certificatesIn(section));
            section = '';
        }
    }
    return {
        format: ROOTS_FORMAT,
        roots,
        ...(Object.keys(intermediates).length > 0 ? { intermediates } : {}),
    };
}

function certificatesIn(section: string): string[] {
    try {
        return pemCertificates(section).map((der) => toPem(der));
    } catch (error) {
        throw new RootsBundleError(error instanceof PemError ? error.message : String(error));
    }
}

/** The JSON text of a bundle, stable (sorted MSP IDs) so that two exports of the same network are byte-equal. */
export function serialiseRootsBundle(bundle: RootsBundle): string {
    const sorted = (map: Readonly<Record<string, readonly string[]>>): Record<string, readonly string[]> =>
        Object.fromEntries(
            Object.keys(map)
                .sort()
                .map((id) => [id, map[id]!]),
        );
    const out = {
        format: bundle.format,
        ...(bundle.network === undefined ? {} : { network: bundle.network }),
        roots: sorted(bundle.roots),
        ...(bundle.intermediates === undefined ? {} : { intermediates: sorted(bundle.intermediates) }),
    };
    return `${JSON.stringify(out, null, 2)}\n`;
}
