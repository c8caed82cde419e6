import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTsaCredentials, privateKeyToPem } from '@lendledger/verifier/tsa';
import { type Topology } from '../topology.ts';

/**
 * The key material of the local network's time-stamping authority, generated when the network is set up and kept
 * in the instance's data folder (never in the repository): the TSA's signing key and certificate, and the root CA
 * that issued it.
 *
 * The root is the TSA's own, held by the notary organisation, not the notary's Fabric CA: every certificate the
 * Fabric CA issues is a member identity of NotaryMSP that peers accept as a signer, and a time-stamping key must not
 * be able to sign transactions (nor a member key time-stamps). The root's key signs the TSA certificate once and is
 * not kept, so nothing can issue a second TSA certificate under it.
 */
export interface TsaFiles {
    readonly keyPath: string;
    readonly certificatePath: string;
    readonly rootPath: string;
}

/** The organisation that runs the TSA, named in its certificates. */
export const TSA_ORGANISATION = 'LendLedger Notary';
export const TSA_COMMON_NAME = 'LendLedger Notary TSA';

export function tsaFiles(topology: Topology): TsaFiles {
    return {
        keyPath: join(topology.tsa.dir, 'tsa-key.pem'),
        certificatePath: join(topology.tsa.dir, 'tsa-cert.pem'),
        rootPath: join(topology.tsa.dir, 'tsa-root-ca.pem'),
    };
}

/** The URL gateways send time-stamp requests to. */
export function tsaUrl(topology: Topology): string {
    return `http://127.0.0.1:${topology.tsa.port}/`;
}

/** Generates the TSA's root, certificate and key unless the instance has them (an existing ledger keeps its TSA). */
export async function ensureTsaMaterial(topology: Topology): Promise<TsaFiles> {
    const files = tsaFiles(topology);
    if (existsSync(files.keyPath) && existsSync(files.certificatePath) && existsSync(files.rootPath)) {
        return files;
    }
    mkdirSync(topology.tsa.dir, { recursive: true, mode: 0o700 });
    const credentials = await createTsaCredentials({ organisation: TSA_ORGANISATION, commonName: TSA_COMMON_NAME });
    writeFileSync(files.rootPath, credentials.rootPem);
    writeFileSync(files.certificatePath, credentials.certificatePem);
    // The key last and by rename: a set-up cut short leaves no key, so the next start generates all three again.
    writeFileSync(`${files.keyPath}.tmp`, await privateKeyToPem(credentials.privateKey), { mode: 0o600 });
    renameSync(`${files.keyPath}.tmp`, files.keyPath);
    return files;
}

/** The PEM of the TSA's root CA, what verifiers and gateways trust. */
export function tsaRootPem(topology: Topology): string {
    return readFileSync(tsaFiles(topology).rootPath, 'utf8');
}
