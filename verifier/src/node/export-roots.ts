import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOTS_FORMAT, RootsBundleError, type RootsBundle } from '../roots/roots-bundle.js';
import { pemCertificates, toPem } from '../x509/pem.js';

/** How to export a bundle from a cryptogen (or Fabric CA, same layout) crypto folder. */
export interface ExportRootsOptions {
    /** Name recorded in the bundle's `network` member. */
    readonly network?: string;
    /** Organisation domain → MSP ID, for domains the naming rule gets wrong. */
    readonly mspIds?: Readonly<Record<string, string>>;
}

const ORGANISATION_KINDS = ['peerOrganizations', 'ordererOrganizations'] as const;

/**
 * Collects each organisation's signing-CA certificates, `<kind>/<domain>/ca/*.pem` (never `tlsca/`: TLS roots
 * vouch for connections, not for signatures), and its `msp/intermediatecerts/*.pem` if any. An organisation's
 * MSP ID is `--msp`'s mapping or, by LendLedger's naming rule, its domain's first label capitalised plus `MSP`
 * (`bank.lendledger.test` → `BankMSP`, `orderer.lendledger.test` → `OrdererMSP`).
 *
 * @throws {@link RootsBundleError} when the folder holds no organisation with a CA certificate.
 */
export function exportRootsBundle(cryptoDir: string, options: ExportRootsOptions = {}): RootsBundle {
    const roots: Record<string, string[]> = {};
    const intermediates: Record<string, string[]> = {};
    for (const kind of ORGANISATION_KINDS) {
        const kindDir = join(cryptoDir, kind);
        for (const domain of existsSync(kindDir) ? readdirSync(kindDir).sort() : []) {
            const mspId = options.mspIds?.[domain] ?? mspIdOfDomain(domain);
            const found = pemsIn(join(kindDir, domain, 'ca'));
            if (found.length > 0) {
                roots[mspId] = found;
            }
            const middle = pemsIn(join(kindDir, domain, 'msp', 'intermediatecerts'));
            if (middle.length > 0) {
                intermediates[mspId] = middle;
            }
        }
    }
    if (Object.keys(roots).length === 0) {
        throw new RootsBundleError(
            `${cryptoDir} has no peerOrganizations/*/ca or ordererOrganizations/*/ca certificate`,
        );
    }
    return {
        format: ROOTS_FORMAT,
        ...(options.network === undefined ? {} : { network: options.network }),
        roots,
        ...(Object.keys(intermediates).length > 0 ? { intermediates } : {}),
    };
}

/** `bank.lendledger.test` → `BankMSP`. */
export function mspIdOfDomain(domain: string): string {
    const label = domain.split('.')[0] ?? domain;
    return `${label.charAt(0).toUpperCase()}${label.slice(1)}MSP`;
}

function pemsIn(dir: string): string[] {
    if (!existsSync(dir)) {
        return [];
    }
    return readdirSync(dir)
        .filter((name) => name.endsWith('.pem'))
        .sort()
        .flatMap((name) => pemCertificates(readFileSync(join(dir, name), 'utf8')).map((der) => toPem(der)));
}
