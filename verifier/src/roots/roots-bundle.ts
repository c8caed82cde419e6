import {
    bftFaultsTolerated,
    CodedError,
    NODE_ROLES,
    type ConsortiumConsenter,
    type ConsortiumOrdering,
    type ConsortiumPolicy,
    type EarlierOrdering,
    type NodeRole,
    type OrderingArrangement,
} from '@lendledger/domain';
import { CertificateParseError, parseCertificate } from '../x509/certificate.js';
import { pemCertificates, pemCrls, PemError } from '../x509/pem.js';

/** Format tag of the roots bundles drawn up now: `lendledger-roots/2` plus the ordering service's consensus. */
export const ROOTS_FORMAT = 'lendledger-roots/3';

/**
 * Every format tag the verifier reads. Evidence outlives networks: a receipt of an old Raft network must still
 * verify against the `lendledger-roots/2` bundle it was issued under, which states no `ordering` and means Raft.
 */
export const ROOTS_FORMATS = ['lendledger-roots/2', ROOTS_FORMAT] as const;

/** A format tag the verifier reads. */
export type RootsFormat = (typeof ROOTS_FORMATS)[number];

/** Which member organisations' peers must endorse, and which certificate roles sign what. */
export interface RootsEndorsementPolicy {
    /** Distinct member organisations whose peers must endorse a write (Fabric's `OutOf(n, …)`). */
    readonly outOf: number;
    /** MSP IDs whose peers may endorse: every member, in the bundle's member order. */
    readonly members: readonly string[];
    /** NodeOU role an endorsing certificate carries (`peer`). */
    readonly endorserRole: NodeRole;
    /** NodeOU roles a member's Writers policy accepts as transaction creators (`client`, `admin`). */
    readonly writerRoles: readonly NodeRole[];
}

/** A member organisation: who it is, and the certificates that decide which of its identities are genuine. */
export interface RootsMember {
    readonly mspId: string;
    /** What the organisation is in the consortium, for a reader (`lending platform`, `notary`). */
    readonly purpose: string;
    /** PEM certificates of its signing CAs (never the TLS CA). */
    readonly roots: readonly string[];
    /** PEM certificates of its intermediate CAs, if it issues through any. */
    readonly intermediates: readonly string[];
    /** PEM X.509 CRLs signed by its CA: certificates revoked, with the date each was revoked. */
    readonly crls: readonly string[];
}

/** An ordering organisation: block signers must chain to these roots and carry `role`. */
export interface RootsOrderer {
    readonly mspId: string;
    readonly role: NodeRole;
    readonly roots: readonly string[];
    readonly intermediates: readonly string[];
    readonly crls: readonly string[];
}

/** A time-stamping authority whose RFC 3161 tokens the consortium accepts. */
export interface RootsTimestampAuthority {
    readonly name: string;
    /** PEM certificates: the TSA's signing certificate and the CA chain it is issued under. */
    readonly certificates: readonly string[];
}

/** The signed part of a bundle: every member of the document except `signatures`. */
export interface RootsBody {
    readonly format: RootsFormat;
    /** 1, 2, …: each update is the previous version plus one. */
    readonly version: number;
    /** Lower-case hex SHA-256 of the previous version's canonical body; absent in version 1. */
    readonly previous?: string;
    /** Free text naming the network. */
    readonly network: string;
    readonly channel: string;
    readonly chaincode: string;
    readonly endorsementPolicy: RootsEndorsementPolicy;
    readonly members: readonly RootsMember[];
    /** Ordering organisations; with BFT consenters run by members, possibly none. */
    readonly orderers: readonly RootsOrderer[];
    /**
     * How the ordering service agrees on blocks and, for BFT, its consenters: required in `lendledger-roots/3`,
     * absent in `lendledger-roots/2` (which means Raft; adding it would change the body its admins signed).
     */
    readonly ordering?: ConsortiumOrdering;
    readonly timestampAuthorities: readonly RootsTimestampAuthority[];
    /** ISO 8601 time the version was drawn up; signer certificates must be valid then. */
    readonly issuedAt: string;
}

/** One member admin's signature: ECDSA P-256 over SHA-256 of the canonical JSON of the body. */
export interface RootsSignature {
    readonly mspId: string;
    /** The signer's PEM certificate: an admin (NodeOU) of `mspId`. */
    readonly certificate: string;
    /** Base64 of the DER ECDSA signature. */
    readonly signature: string;
}

/** A roots bundle: the consortium's policy and trust anchors, signed by its members' admins. */
export interface RootsBundle extends RootsBody {
    readonly signatures: readonly RootsSignature[];
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
 * Reads a roots bundle from its JSON text. Only its shape is checked here; whether its signatures make it binding is
 * {@link verifyRootsBundle}'s and {@link followRootsUpdates}'s business.
 *
 * @throws {@link RootsBundleError} naming the first member that is missing or malformed.
 */
export function parseRootsBundle(text: string): RootsBundle {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new RootsBundleError('it is not valid JSON');
    }
    return readRootsBundle(value);
}

/**
 * {@link parseRootsBundle} for a value already parsed from JSON (a bundle inside a case package).
 *
 * @throws {@link RootsBundleError} naming the first member that is missing or malformed.
 */
export function readRootsBundle(value: unknown): RootsBundle {
    const o = object(value, '$');
    const format = readFormat(o);
    const version = o.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
        throw new RootsBundleError('"version" must be an integer of at least 1');
    }
    if (
        version === 1 ? o.previous !== undefined : typeof o.previous !== 'string' || !/^[0-9a-f]{64}$/.test(o.previous)
    ) {
        throw new RootsBundleError(
            version === 1
                ? 'version 1 has no "previous"'
                : '"previous" must be the lower-case hex SHA-256 of the previous version',
        );
    }
    const members = array(o.members, '$.members').map((m, i) => readMember(m, `$.members[${i}]`));
    const orderers = array(o.orderers, '$.orderers').map((m, i) => readOrderer(m, `$.orderers[${i}]`));
    const ordering =
        format === ROOTS_FORMAT ? readOrdering(o.ordering, [...members, ...orderers], orderers) : undefined;
    const bundle: RootsBundle = {
        format,
        version,
        ...(version === 1 ? {} : { previous: o.previous as string }),
        network: string(o.network, '$.network'),
        channel: string(o.channel, '$.channel'),
        chaincode: string(o.chaincode, '$.chaincode'),
        endorsementPolicy: readPolicy(o.endorsementPolicy, members),
        members,
        orderers,
        ...(ordering === undefined ? {} : { ordering }),
        timestampAuthorities: array(o.timestampAuthorities, '$.timestampAuthorities').map((t, i) => {
            const path = `$.timestampAuthorities[${i}]`;
            const tsa = object(t, path);
            return {
                name: string(tsa.name, `${path}.name`),
                certificates: pems(tsa.certificates, `${path}.certificates`, 1),
            };
        }),
        issuedAt: isoTime(o.issuedAt, '$.issuedAt'),
        signatures: array(o.signatures, '$.signatures').map((s, i) => {
            const path = `$.signatures[${i}]`;
            const sig = object(s, path);
            return {
                mspId: string(sig.mspId, `${path}.mspId`),
                certificate: pems(
                    sig.certificate === undefined ? undefined : [sig.certificate],
                    `${path}.certificate`,
                    1,
                )[0]!,
                signature: string(sig.signature, `${path}.signature`),
            };
        }),
    };
    checkOrganisations(members, orderers, ordering);
    return bundle;
}

/** Each organisation is listed once, and a Raft service (or a `/2` bundle) names exactly one ordering organisation. */
function checkOrganisations(
    members: readonly RootsMember[],
    orderers: readonly RootsOrderer[],
    ordering: ConsortiumOrdering | undefined,
): void {
    const ids = [...members, ...orderers].map((m) => m.mspId);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined) {
        throw new RootsBundleError(`${repeated} is listed twice among members and orderers`);
    }
    if (ordering?.consensus !== 'BFT' && orderers.length !== 1) {
        // ConsortiumPolicy names one ordering MSP; a Raft service of several organisations needs that widened first.
        throw new RootsBundleError('"orderers" must list exactly one ordering organisation');
    }
}

/** `$.format`, one the verifier reads; only `/3` may state an ordering. */
function readFormat(o: Record<string, unknown>): RootsFormat {
    const format = o.format as RootsFormat;
    if (!ROOTS_FORMATS.includes(format)) {
        throw new RootsBundleError(`"format" must be one of ${ROOTS_FORMATS.map((f) => `"${f}"`).join(', ')}`);
    }
    if (format !== ROOTS_FORMAT && o.ordering !== undefined) {
        throw new RootsBundleError(`${format} has no "ordering"; a bundle that states one is ${ROOTS_FORMAT}`);
    }
    return format;
}

/**
 * `$.ordering`: the current arrangement (`{ consensus: 'etcdraft' }`, or `{ consensus: 'BFT', consenters }`) and,
 * when the ordering ever changed, `earlier`: the arrangements before it in block order, each with the last block it
 * signed (`untilBlock`, never decreasing). An earlier Raft arrangement names its ordering organisation, which must
 * stay listed under `orderers`, so that its blocks can still be checked.
 */
function readOrdering(
    value: unknown,
    organisations: readonly { readonly mspId: string }[],
    orderers: readonly RootsOrderer[],
): ConsortiumOrdering {
    const o = object(value, '$.ordering');
    const current = readArrangement(o, '$.ordering', organisations);
    if (o.earlier === undefined) {
        return current;
    }
    let lastBlock = 0;
    const earlier = array(o.earlier, '$.ordering.earlier').map((entry, i): EarlierOrdering => {
        const path = `$.ordering.earlier[${i}]`;
        const e = object(entry, path);
        const untilBlock = e.untilBlock;
        if (typeof untilBlock !== 'number' || !Number.isSafeInteger(untilBlock) || untilBlock < lastBlock) {
            throw new RootsBundleError(
                `${path}.untilBlock must be a block number, no lower than the entry before it (${lastBlock})`,
            );
        }
        lastBlock = untilBlock;
        if (e.earlier !== undefined) {
            throw new RootsBundleError(`${path} is one arrangement and has no "earlier" of its own`);
        }
        return Object.freeze({ untilBlock, ...readEarlierArrangement(e, path, organisations, orderers) });
    });
    return Object.freeze({ ...current, earlier: Object.freeze(earlier) });
}

/** An earlier arrangement without its `untilBlock`: a Raft one names an ordering organisation still listed. */
function readEarlierArrangement(
    e: Record<string, unknown>,
    path: string,
    organisations: readonly { readonly mspId: string }[],
    orderers: readonly RootsOrderer[],
):
    | { readonly consensus: 'etcdraft'; readonly mspId: string }
    | { readonly consensus: 'BFT'; readonly consenters: readonly ConsortiumConsenter[] } {
    const arrangement = readArrangement(e, path, organisations);
    if (arrangement.consensus === 'BFT') {
        return arrangement;
    }
    const mspId = string(e.mspId, `${path}.mspId`);
    if (!orderers.some((orderer) => orderer.mspId === mspId)) {
        throw new RootsBundleError(
            `${path}.mspId ${mspId} must stay listed under "orderers" while an earlier Raft arrangement names it`,
        );
    }
    return { consensus: 'etcdraft', mspId };
}

/** `{ consensus: 'etcdraft' }`, or `{ consensus: 'BFT', consenters }` ({@link readConsenters}). */
function readArrangement(
    o: Record<string, unknown>,
    path: string,
    organisations: readonly { readonly mspId: string }[],
): OrderingArrangement {
    if (o.consensus === 'etcdraft') {
        if (o.consenters !== undefined) {
            throw new RootsBundleError(`${path} of etcdraft lists no "consenters"`);
        }
        return Object.freeze({ consensus: 'etcdraft' });
    }
    if (o.consensus !== 'BFT') {
        throw new RootsBundleError(`${path}.consensus must be "etcdraft" or "BFT"`);
    }
    const consenters = readConsenters(array(o.consenters, `${path}.consenters`), `${path}.consenters`, organisations);
    return Object.freeze({ consensus: 'BFT', consenters });
}

/**
 * A BFT consenter set: each consenter has a distinct number (a uint32), an organisation of the bundle and a PEM
 * certificate whose public key no other consenter has (one key under two numbers would count twice towards the
 * quorum, however the certificates around it differ). No organisation may run more than f = ⌊(n − 1) / 3⌋ of the
 * n consenters, so no single organisation can make or break a quorum alone; a set of fewer than four is refused.
 */
function readConsenters(
    list: readonly unknown[],
    path: string,
    organisations: readonly { readonly mspId: string }[],
): readonly ConsortiumConsenter[] {
    if (list.length === 0) {
        throw new RootsBundleError(`${path} must list at least one consenter`);
    }
    const known = organisations.map((m) => m.mspId);
    const consenters: ConsortiumConsenter[] = [];
    const keys: string[] = [];
    list.forEach((entry, i) => {
        const consenter = readConsenter(entry, `${path}[${i}]`, known, consenters);
        const key = publicKeyOf(consenter.identity, `${path}[${i}].identity`);
        const same = keys.indexOf(key);
        if (same >= 0) {
            throw new RootsBundleError(
                `${path}[${i}].identity carries the public key of consenter #${consenters[same]!.id}: one key is one consenter`,
            );
        }
        keys.push(key);
        consenters.push(consenter);
    });
    checkSpread(consenters, path);
    return Object.freeze(consenters);
}

function readConsenter(
    entry: unknown,
    path: string,
    known: readonly string[],
    before: readonly ConsortiumConsenter[],
): ConsortiumConsenter {
    const c = object(entry, path);
    const id = c.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 0xffffffff) {
        throw new RootsBundleError(`${path}.id must be a positive integer (a uint32 consenter number)`);
    }
    if (before.some((other) => other.id === id)) {
        throw new RootsBundleError(`${path}.id ${id} is already the number of another consenter`);
    }
    const mspId = string(c.mspId, `${path}.mspId`);
    if (!known.includes(mspId)) {
        throw new RootsBundleError(`${path}.mspId ${mspId} is neither a member nor an orderer of the bundle`);
    }
    const identity = pems(c.identity === undefined ? undefined : [c.identity], `${path}.identity`, 1)[0]!;
    return Object.freeze({ id, mspId, identity });
}

/** Hex of the certificate's SubjectPublicKeyInfo. */
function publicKeyOf(identity: string, path: string): string {
    try {
        return parseCertificate(pemCertificates(identity)[0]!).publicKey.id;
    } catch (error) {
        if (error instanceof CertificateParseError) {
            throw new RootsBundleError(`${path} cannot be read as a certificate: ${error.message}`);
        }
        throw error;
    }
}

/** No organisation runs more than f of the n consenters. */
function checkSpread(consenters: readonly ConsortiumConsenter[], path: string): void {
    const faulty = bftFaultsTolerated(consenters.length);
    const counts = new Map<string, number>();
    for (const { mspId } of consenters) {
        counts.set(mspId, (counts.get(mspId) ?? 0) + 1);
    }
    for (const [mspId, count] of counts) {
        if (count > faulty) {
            throw new RootsBundleError(
                `${path}: ${mspId} runs ${count} of ${consenters.length} consenters, but with ${consenters.length} no organisation may run more than f = ${faulty} (⌊(n − 1) / 3⌋), or it alone could make or break a quorum`,
            );
        }
    }
}

function readMember(value: unknown, path: string): RootsMember {
    const m = object(value, path);
    return {
        mspId: string(m.mspId, `${path}.mspId`),
        purpose: string(m.purpose, `${path}.purpose`),
        roots: pems(m.roots, `${path}.roots`, 1),
        intermediates: pems(m.intermediates ?? [], `${path}.intermediates`, 0),
        crls: crls(m.crls ?? [], `${path}.crls`),
    };
}

function readOrderer(value: unknown, path: string): RootsOrderer {
    const m = object(value, path);
    return {
        mspId: string(m.mspId, `${path}.mspId`),
        role: role(m.role, `${path}.role`),
        roots: pems(m.roots, `${path}.roots`, 1),
        intermediates: pems(m.intermediates ?? [], `${path}.intermediates`, 0),
        crls: crls(m.crls ?? [], `${path}.crls`),
    };
}

function readPolicy(value: unknown, members: readonly RootsMember[]): RootsEndorsementPolicy {
    const p = object(value, '$.endorsementPolicy');
    const ids = array(p.members, '$.endorsementPolicy.members').map((id, i) =>
        string(id, `$.endorsementPolicy.members[${i}]`),
    );
    const memberIds = members.map((m) => m.mspId);
    // The verifier's policy model has one list: who may submit is who may endorse; a bundle saying otherwise is refused.
    if (ids.length !== memberIds.length || !memberIds.every((id) => ids.includes(id))) {
        throw new RootsBundleError('"endorsementPolicy.members" must name exactly the bundle\'s members');
    }
    const outOf = p.outOf;
    if (typeof outOf !== 'number' || !Number.isSafeInteger(outOf) || outOf < 1 || outOf > ids.length) {
        throw new RootsBundleError('"endorsementPolicy.outOf" must be an integer from 1 to the number of members');
    }
    return {
        outOf,
        members: memberIds,
        endorserRole: role(p.endorserRole, '$.endorsementPolicy.endorserRole'),
        writerRoles: array(p.writerRoles, '$.endorsementPolicy.writerRoles').map((r, i) =>
            role(r, `$.endorsementPolicy.writerRoles[${i}]`),
        ),
    };
}

function object(value: unknown, path: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RootsBundleError(`${path} must be an object`);
    }
    return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) {
        throw new RootsBundleError(`${path} must be an array`);
    }
    return value;
}

function string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value === '') {
        throw new RootsBundleError(`${path} must be a non-empty string`);
    }
    return value;
}

function role(value: unknown, path: string): NodeRole {
    if (!NODE_ROLES.includes(value as NodeRole)) {
        throw new RootsBundleError(`${path} must be one of ${NODE_ROLES.join(', ')}`);
    }
    return value as NodeRole;
}

function isoTime(value: unknown, path: string): string {
    const text = string(value, path);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text) || Number.isNaN(Date.parse(text))) {
        throw new RootsBundleError(`${path} must be an ISO 8601 UTC time`);
    }
    return text;
}

function pems(value: unknown, path: string, atLeast: number): string[] {
    const list = array(value, path);
    if (list.length < atLeast) {
        throw new RootsBundleError(`${path} must hold at least ${atLeast} PEM certificate`);
    }
    return list.map((pem, i) => {
        if (typeof pem !== 'string' || !hasOne(() => pemCertificates(pem))) {
            throw new RootsBundleError(`${path}[${i}] must be a PEM certificate`);
        }
        return pem;
    });
}

function crls(value: unknown, path: string): string[] {
    return array(value, path).map((pem, i) => {
        if (typeof pem !== 'string' || !hasOne(() => pemCrls(pem))) {
            throw new RootsBundleError(`${path}[${i}] must be a PEM X509 CRL`);
        }
        return pem;
    });
}

function hasOne(read: () => Uint8Array[]): boolean {
    try {
        return read().length === 1;
    } catch (error) {
        if (error instanceof PemError) {
            return false;
        }
        throw error;
    }
}

/** The signed part of a bundle: the document without `signatures`. */
export function rootsBody(bundle: RootsBody): RootsBody {
    const body: Record<string, unknown> = { ...bundle };
    delete body.signatures;
    return body as unknown as RootsBody;
}

/** The JSON text of a bundle, two-space indented with sorted keys, so that the same bundle is always byte-equal. */
export function serialiseRootsBundle(bundle: RootsBundle): string {
    return `${JSON.stringify(sortKeys(bundle), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
        );
    }
    return value;
}

/** The consortium policy a bundle states: what every receipt check compares the evidence with. */
export function policyOfBundle(bundle: RootsBody): ConsortiumPolicy {
    const ordering = orderingOf(bundle);
    // With BFT among members there may be no ordering organisation; ConsortiumPolicy still names one MSP, which only
    // the Raft rule reads, so the first consenter's stands in.
    const [orderer] = bundle.orderers;
    const firstConsenter = ordering.consensus === 'BFT' ? ordering.consenters[0] : undefined;
    return Object.freeze({
        channel: bundle.channel,
        chaincode: bundle.chaincode,
        organisations: Object.freeze(bundle.members.map((m) => m.mspId)),
        requiredEndorsingOrganisations: bundle.endorsementPolicy.outOf,
        endorserRole: bundle.endorsementPolicy.endorserRole,
        writerRoles: Object.freeze([...bundle.endorsementPolicy.writerRoles]),
        ordererMspId: orderer?.mspId ?? firstConsenter?.mspId ?? '',
        ordererRole: orderer?.role ?? 'orderer',
        ordering,
    });
}

/** The ordering a bundle states; a `lendledger-roots/2` bundle states none and means Raft. */
export function orderingOf(bundle: RootsBody): ConsortiumOrdering {
    return bundle.ordering ?? Object.freeze({ consensus: 'etcdraft' });
}

/** Every organisation of the bundle (members, then orderers) with its certificates. */
export function organisationsOf(bundle: RootsBody): readonly (RootsMember | RootsOrderer)[] {
    return [...bundle.members, ...bundle.orderers];
}
