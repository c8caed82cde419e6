/**
 * Test support: a consortium made in the test, each member with its own CA, admin, client and peer certificates and
 * keys, so that tests can sign roots bundles and issue CRLs as members would. No private key is ever written to disk.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type ConsortiumOrdering, type NodeRole } from '@lendledger/domain';
import { LENDLEDGER_POLICY } from '../policy.js';
import { ROOTS_FORMAT, type RootsBundle } from '../roots/roots-bundle.js';
import { rootsBodyHash, rootsSigningBytes } from '../roots/roots-governance.js';
import { withRootsSignature } from '../roots/roots-signing.js';
import { type WebCryptoKeyPair } from '../crypto/webcrypto-types.js';
import { toPem } from '../x509/pem.js';
import { signLikeFabric } from './outsider.js';

x509.cryptoProvider.set(crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALIDITY = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2049-12-31T00:00:00Z') };

/** A key pair and its certificate. */
export interface TestIdentity {
    readonly keys: WebCryptoKeyPair;
    readonly certificate: x509.X509Certificate;
    readonly pem: string;
    /** Hex serial number, as the CA wrote it. */
    readonly serial: string;
}

/** One member organisation of a test consortium. */
export interface TestMember {
    readonly mspId: string;
    readonly ca: TestIdentity;
    readonly identities: Readonly<Record<NodeRole, TestIdentity>>;
}

let serials = 0x10;

async function newIdentity(subject: string, issuer: TestIdentity | undefined, role?: NodeRole): Promise<TestIdentity> {
    const keys = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
    const serial = (serials++).toString(16).padStart(2, '0');
    const isCa = issuer === undefined;
    const extensions = [
        new x509.BasicConstraintsExtension(isCa, undefined, true),
        new x509.KeyUsagesExtension(
            isCa
                ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
                : x509.KeyUsageFlags.digitalSignature,
            true,
        ),
    ];
    const certificate = isCa
        ? await x509.X509CertificateGenerator.createSelfSigned({
              serialNumber: serial,
              name: subject,
              ...VALIDITY,
              keys,
              signingAlgorithm: ALGORITHM,
              extensions,
          })
        : await x509.X509CertificateGenerator.create({
              serialNumber: serial,
              subject: `${subject}, OU=${role}`,
              issuer: issuer.certificate.subject,
              ...VALIDITY,
              signingKey: issuer.keys.privateKey,
              publicKey: keys.publicKey,
              signingAlgorithm: ALGORITHM,
              extensions,
          });
    return { keys, certificate, pem: certificate.toString('pem'), serial };
}

/** A member with its CA and one certificate of each NodeOU role. */
export async function newTestMember(mspId: string): Promise<TestMember> {
    const ca = await newIdentity(`CN=ca.${mspId.toLowerCase()}.test, O=${mspId}`, undefined);
    const identities = {} as Record<NodeRole, TestIdentity>;
    for (const role of ['admin', 'client', 'peer', 'orderer'] as const) {
        identities[role] = await newIdentity(`CN=${role}.${mspId.toLowerCase()}.test, O=${mspId}`, ca, role);
    }
    return { mspId, ca, identities };
}

/** A further certificate of `role` from the member's CA, on a key of its own (a rotated orderer certificate). */
export function issueIdentity(member: TestMember, role: NodeRole): Promise<TestIdentity> {
    return newIdentity(`CN=${role}2.${member.mspId.toLowerCase()}.test, O=${member.mspId}`, member.ca, role);
}

/** A further certificate from the member's CA on the key of one it already has: the same key in new clothes. */
export async function reissueIdentity(
    member: TestMember,
    identity: TestIdentity,
    role: NodeRole,
): Promise<TestIdentity> {
    const serial = (serials++).toString(16).padStart(2, '0');
    const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: serial,
        subject: `CN=again.${member.mspId.toLowerCase()}.test, O=${member.mspId}, OU=${role}`,
        issuer: member.ca.certificate.subject,
        ...VALIDITY,
        signingKey: member.ca.keys.privateKey,
        publicKey: identity.keys.publicKey,
        signingAlgorithm: ALGORITHM,
    });
    return { keys: identity.keys, certificate, pem: certificate.toString('pem'), serial };
}

/** Five members (LendLedger's MSP IDs) and an ordering organisation. */
export interface TestConsortium {
    readonly members: readonly TestMember[];
    readonly orderer: TestMember;
    /** The member with this MSP ID. */
    member(mspId: string): TestMember;
}

export async function newTestConsortium(
    mspIds: readonly string[] = LENDLEDGER_POLICY.organisations,
): Promise<TestConsortium> {
    const members = await Promise.all(mspIds.map(newTestMember));
    const orderer = await newTestMember(LENDLEDGER_POLICY.ordererMspId);
    return {
        members,
        orderer,
        member: (mspId) => [...members, orderer].find((m) => m.mspId === mspId)!,
    };
}

/** An X.509 CRL issued (and signed) by `signer`'s key under `issuer`'s name, revoking the given certificates. */
export async function newCrl(
    issuer: TestIdentity,
    revoked: readonly { readonly serial: string; readonly at: Date }[],
    signer: TestIdentity = issuer,
): Promise<string> {
    const crl = await x509.X509CrlGenerator.create({
        issuer: issuer.certificate.subject,
        thisUpdate: new Date('2024-01-01T00:00:00Z'),
        nextUpdate: new Date('2049-01-01T00:00:00Z'),
        entries: revoked.map(({ serial, at }) => ({ serialNumber: serial, revocationDate: at })),
        signingAlgorithm: ALGORITHM,
        signingKey: signer.keys.privateKey,
    });
    return toPem(new Uint8Array(crl.rawData), 'X509 CRL');
}

/**
 * An unsigned version 1 `lendledger-roots/3` bundle (or the version after `previous`) of the test consortium,
 * LendLedger's policy.
 */
export function draftBundle(
    consortium: TestConsortium,
    options: {
        readonly previous?: RootsBundle;
        readonly crls?: Readonly<Record<string, readonly string[]>>;
        readonly members?: readonly TestMember[];
        /** The ordering service; Raft by the consortium's orderer by default, BFT lists no orderer organisation. */
        readonly ordering?: ConsortiumOrdering;
    } = {},
): RootsBundle {
    const ordering = options.ordering ?? { consensus: 'etcdraft' };
    const members = options.members ?? consortium.members;
    const { previous } = options;
    const organisation = (m: TestMember): { roots: string[]; intermediates: string[]; crls: string[] } => ({
        roots: [m.ca.pem],
        intermediates: [],
        crls: [...(options.crls?.[m.mspId] ?? [])],
    });
    return {
        format: ROOTS_FORMAT,
        version: previous === undefined ? 1 : previous.version + 1,
        ...(previous === undefined ? {} : { previous: rootsBodyHash(previous) }),
        network: 'test consortium',
        channel: LENDLEDGER_POLICY.channel,
        chaincode: LENDLEDGER_POLICY.chaincode,
        endorsementPolicy: {
            outOf: Math.min(LENDLEDGER_POLICY.requiredEndorsingOrganisations, members.length),
            members: members.map((m) => m.mspId),
            endorserRole: 'peer',
            writerRoles: ['client', 'admin'],
        },
        members: members.map((m) => ({ mspId: m.mspId, purpose: 'test member', ...organisation(m) })),
        // The ordering organisation stays listed while any Raft arrangement, current or earlier, names it.
        orderers:
            ordering.consensus === 'BFT' && !(ordering.earlier ?? []).some((e) => e.consensus === 'etcdraft')
                ? []
                : [{ mspId: consortium.orderer.mspId, role: 'orderer', ...organisation(consortium.orderer) }],
        ordering,
        timestampAuthorities: [],
        issuedAt: '2026-01-01T00:00:00.000Z',
        signatures: [],
    };
}

/** The bundle signed by the given identity, claiming `mspId` (its own organisation unless a test says otherwise). */
export async function signedBy(bundle: RootsBundle, mspId: string, identity: TestIdentity): Promise<RootsBundle> {
    const signature = await signLikeFabric(identity.keys.privateKey, rootsSigningBytes(bundle));
    return withRootsSignature(bundle, { mspId, certificate: identity.pem }, signature);
}

/** The bundle signed by the admins of the given members. */
export async function signedByAdmins(bundle: RootsBundle, members: readonly TestMember[]): Promise<RootsBundle> {
    let signed = bundle;
    for (const member of members) {
        signed = await signedBy(signed, member.mspId, member.identities.admin);
    }
    return signed;
}
