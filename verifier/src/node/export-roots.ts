import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConsortiumOrdering, type OrderingArrangement } from '@lendledger/domain';
import { LENDLEDGER_POLICY, type ConsortiumPolicy } from '../policy.js';
import {
    policyOfBundle,
    ROOTS_FORMAT,
    RootsBundleError,
    type RootsBundle,
    type RootsTimestampAuthority,
} from '../roots/roots-bundle.js';
import { orderingAfter } from '../roots/ordering-history.js';
import { rootsBodyHash } from '../roots/roots-governance.js';
import { pemCertificates, pemCrls, toPem } from '../x509/pem.js';

/** How to draw up a bundle from a cryptogen (or Fabric CA, same layout) crypto folder. */
export interface ExportRootsOptions {
    /** Name recorded in the bundle's `network` member. */
    readonly network?: string;
    /** Organisation domain → MSP ID, for domains the naming rule gets wrong. */
    readonly mspIds?: Readonly<Record<string, string>>;
    /**
     * The policy the bundle states: by default the previous version's (an update that changes only certificates
     * keeps the members), else LendLedger's (domain/src/consortium.ts).
     */
    readonly policy?: ConsortiumPolicy;
    /** MSP ID → what the member is, for a reader. */
    readonly purposes?: Readonly<Record<string, string>>;
    /** MSP ID → PEM CRLs, added to any found in `<org>/msp/crls/`. */
    readonly crls?: Readonly<Record<string, readonly string[]>>;
    /**
     * The time-stamping authorities; the previous version's when not given, since no crypto folder holds them (an
     * update that changes only certificates keeps the TSAs).
     */
    readonly timestampAuthorities?: readonly RootsTimestampAuthority[];
    /** The version this one follows: the draft becomes its version plus one and names its hash as `previous`. */
    readonly previous?: RootsBundle;
    /** When the version is drawn up; now by default. */
    readonly issuedAt?: Date;
    /**
     * The network's ordering service (its consensus and, for BFT, the channel's consenters); by default the
     * policy's, else Raft. With BFT the bundle lists an ordering organisation only for a consenter run by a
     * non-member.
     */
    readonly ordering?: ConsortiumOrdering;
    /**
     * With `previous`, when this version changes its ordering arrangement: the last block the previous arrangement
     * signed, recorded with it in `ordering.earlier` so that its blocks are still judged by it.
     */
    readonly untilBlock?: number;
}

const RAFT: ConsortiumOrdering = Object.freeze({ consensus: 'etcdraft' });

const ORGANISATION_KINDS = ['peerOrganizations', 'ordererOrganizations'] as const;

interface Found {
    readonly roots: string[];
    readonly intermediates: string[];
    readonly crls: string[];
}

/**
 * Draws up an unsigned `lendledger-roots/3` bundle: the policy, the ordering service's consensus, and for each member
 * and ordering organisation its signing-CA certificates `<kind>/<domain>/ca/*.pem` (never `tlsca/`: TLS roots vouch for connections, not for signatures),
 * its `msp/intermediatecerts/*.pem` and its `msp/crls/*.pem`. An organisation's MSP ID is `mspIds`' mapping or, by
 * LendLedger's naming rule, its domain's first label capitalised plus `MSP` (`bank.lendledger.test` → `BankMSP`).
 * Members' admins then sign it (`lendledger-roots sign`).
 *
 * @throws {@link RootsBundleError} when a member or the ordering organisation of the policy has no CA certificate.
 */
export function exportRootsBundle(cryptoDir: string, options: ExportRootsOptions = {}): RootsBundle {
    const policy = policyOf(options);
    const found = new Map<string, Found>();
    for (const kind of ORGANISATION_KINDS) {
        const kindDir = join(cryptoDir, kind);
        for (const domain of existsSync(kindDir) ? readdirSync(kindDir).sort() : []) {
            const dir = join(kindDir, domain);
            found.set(options.mspIds?.[domain] ?? mspIdOfDomain(domain), {
                roots: pemsIn(join(dir, 'ca'), 'CERTIFICATE'),
                intermediates: pemsIn(join(dir, 'msp', 'intermediatecerts'), 'CERTIFICATE'),
                crls: pemsIn(join(dir, 'msp', 'crls'), 'X509 CRL'),
            });
        }
    }
    const organisation = (mspId: string): Found => {
        const certificates = found.get(mspId);
        if (certificates === undefined || certificates.roots.length === 0) {
            throw new RootsBundleError(`${cryptoDir} has no ca/*.pem certificate for ${mspId}`);
        }
        return { ...certificates, crls: [...certificates.crls, ...(options.crls?.[mspId] ?? [])] };
    };
    const ordering = orderingOf(options, policy);
    return {
        format: ROOTS_FORMAT,
        ...versionAfter(options.previous),
        network: options.network ?? 'lendledger',
        channel: policy.channel,
        chaincode: policy.chaincode,
        endorsementPolicy: {
            outOf: policy.requiredEndorsingOrganisations,
            members: [...policy.organisations],
            endorserRole: policy.endorserRole,
            writerRoles: [...policy.writerRoles],
        },
        members: policy.organisations.map((mspId) => ({
            mspId,
            purpose: options.purposes?.[mspId] ?? 'consortium member',
            ...organisation(mspId),
        })),
        orderers: ordererMspIdsOf(policy, ordering).map((mspId) => ({
            mspId,
            role: policy.ordererRole,
            ...organisation(mspId),
        })),
        ordering,
        timestampAuthorities: [...(options.timestampAuthorities ?? options.previous?.timestampAuthorities ?? [])],
        issuedAt: (options.issuedAt ?? new Date()).toISOString(),
        signatures: [],
    };
}

/**
 * The ordering given, else the policy's, else Raft; after `previous`, with its history, plus its arrangement ending at
 * `untilBlock` when this one replaces it ({@link orderingAfter}).
 */
function orderingOf(options: ExportRootsOptions, policy: ConsortiumPolicy): ConsortiumOrdering {
    const ordering = options.ordering ?? policy.ordering ?? RAFT;
    if (options.previous === undefined) {
        return ordering;
    }
    const arrangement: OrderingArrangement =
        ordering.consensus === 'BFT' ? { consensus: 'BFT', consenters: ordering.consenters } : RAFT;
    return orderingAfter(options.previous, arrangement, options.untilBlock);
}

/**
 * Raft: the policy's ordering organisation. BFT: the organisations running a consenter that are not members, and
 * any ordering organisation an earlier Raft arrangement names, whose roots its blocks still need.
 */
function ordererMspIdsOf(policy: ConsortiumPolicy, ordering: ConsortiumOrdering): string[] {
    if (ordering.consensus !== 'BFT') {
        return [policy.ordererMspId];
    }
    const raft = (ordering.earlier ?? []).flatMap((e) => (e.consensus === 'etcdraft' ? [e.mspId] : []));
    const operators = ordering.consenters.map((c) => c.mspId).filter((id) => !policy.organisations.includes(id));
    return [...new Set([...raft, ...operators])];
}

/** The policy given, else the previous version's (an update keeps its members), else LendLedger's. */
function policyOf(options: ExportRootsOptions): ConsortiumPolicy {
    if (options.policy !== undefined) {
        return options.policy;
    }
    return options.previous === undefined ? LENDLEDGER_POLICY : policyOfBundle(options.previous);
}

function versionAfter(previous: RootsBundle | undefined): { version: number; previous?: string } {
    return previous === undefined
        ? { version: 1 }
        : { version: previous.version + 1, previous: rootsBodyHash(previous) };
}

/** `bank.lendledger.test` → `BankMSP`. */
export function mspIdOfDomain(domain: string): string {
    const label = domain.split('.')[0] ?? domain;
    return `${label.charAt(0).toUpperCase()}${label.slice(1)}MSP`;
}

function pemsIn(dir: string, label: string): string[] {
    if (!existsSync(dir)) {
        return [];
    }
    return readdirSync(dir)
        .filter((name) => name.endsWith('.pem'))
        .sort()
        .flatMap((name) => {
            const text = readFileSync(join(dir, name), 'utf8');
            const blocks = label === 'CERTIFICATE' ? pemCertificates(text) : pemCrls(text);
            return blocks.map((der) => toPem(der, label));
        });
}
