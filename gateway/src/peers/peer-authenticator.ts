import { verify, X509Certificate } from 'node:crypto';
import { type NodeRole, type TrustStore } from '@lendledger/verifier';
import { ProblemError } from '../errors/problem-error.js';
import { digestOf, PEER_HEADERS, peerRequestMessage, type PeerRequestFields } from './signed-request.js';

/** Roles whose certificates may sign for a member gateway: its peers, clients and admins (never an orderer). */
export const PEER_REQUEST_ROLES: readonly NodeRole[] = ['peer', 'client', 'admin'];

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const TIME_PATTERN = /^\d{1,15}$/;

/** How a {@link PeerAuthenticator} decides. */
export interface PeerAuthenticatorOptions {
    /** MSP ID of this gateway: requests must name it as their audience. */
    readonly mspId: string;
    /** The consortium's member organisations; only their certificates are accepted. */
    readonly members: readonly string[];
    /** Roots (and intermediates) the certificate must chain to, from the gateway's roots bundle. */
    readonly trust: Pick<TrustStore, 'validate'>;
    /** How far a request's time may be from this gateway's clock, either way. */
    readonly maxSkewMs: number;
    /** Nonces remembered at most; a request beyond gets 429 rather than an unbounded memory. */
    readonly maxNonces?: number;
    readonly now?: () => number;
}

/** The member gateway a request came from, once authenticated. */
export interface PeerCaller {
    readonly mspId: string;
    readonly subject: string;
    readonly role: NodeRole;
}

/** A request as the authenticator sees it: method, path with query, and headers. */
export interface PeerRequest {
    readonly method: string;
    readonly path: string;
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Authenticates requests signed by another member's gateway ({@link signPeerRequest}). The checks, each with its
 * own problem code: every header present (401 PEER_AUTH_MISSING); the time within `maxSkewMs` of this clock (401
 * PEER_REQUEST_STALE); the certificate chains to a root of the member organisation it claims, in the roots bundle,
 * and is valid now (403 PEER_NOT_MEMBER); its NodeOU role is peer, client or admin (403 PEER_ROLE_NOT_ALLOWED);
 * the signature over method, path, audience, organisation, time and nonce verifies with the certificate's key (401
 * PEER_SIGNATURE_INVALID); the nonce was not used within the window (401 PEER_NONCE_REPLAYED). Nonces are recorded
 * only for requests whose signature verified, so nobody can spend another gateway's nonces.
 */
export class PeerAuthenticator {
    readonly #options: Readonly<PeerAuthenticatorOptions>;
    readonly #now: () => number;
    readonly #maxNonces: number;
    /** Nonces seen, with the time after which a request carrying them would be stale anyway. */
    readonly #nonces = new Map<string, number>();

    constructor(options: Readonly<PeerAuthenticatorOptions>) {
        this.#options = options;
        this.#now = options.now ?? Date.now;
        this.#maxNonces = options.maxNonces ?? 100_000;
    }

    /**
     * @throws {@link ProblemError} PEER_AUTH_MISSING, PEER_REQUEST_STALE, PEER_SIGNATURE_INVALID or
     *   PEER_NONCE_REPLAYED (401), PEER_NOT_MEMBER or PEER_ROLE_NOT_ALLOWED (403), RATE_LIMITED (429).
     */
    async authenticate(request: PeerRequest): Promise<PeerCaller> {
        const header = (name: string): string => {
            const value = request.headers[name];
            if (typeof value !== 'string' || value === '') {
                throw new ProblemError('PEER_AUTH_MISSING', `a request between gateways needs the ${name} header`, {
                    fields: { header: name },
                });
            }
            return value;
        };
        const mspId = header(PEER_HEADERS.mspId);
        const certificatePem = Buffer.from(header(PEER_HEADERS.certificate), 'base64').toString('utf8');
        const time = header(PEER_HEADERS.time);
        const nonce = header(PEER_HEADERS.nonce);
        const signature = Buffer.from(header(PEER_HEADERS.signature), 'base64');
        const now = this.#now();
        const sentAt = this.#fresh(time, now);
        if (!NONCE_PATTERN.test(nonce)) {
            throw new ProblemError('PEER_AUTH_MISSING', 'the nonce must be 16 to 64 base64url characters', {
                fields: { header: PEER_HEADERS.nonce },
            });
        }
        const caller = await this.#member(mspId, certificatePem, now);
        const fields: PeerRequestFields = {
            method: request.method,
            path: request.path,
            audience: this.#options.mspId,
            mspId,
            time,
            nonce,
        };
        if (!signatureVerifies(certificatePem, peerRequestMessage(fields), signature)) {
            throw new ProblemError(
                'PEER_SIGNATURE_INVALID',
                `the signature does not cover ${request.method} ${request.path} for ${this.#options.mspId} ` +
                    "with the certificate's key",
            );
        }
        this.#spend(nonce, sentAt, now);
        return caller;
    }

    #fresh(time: string, now: number): number {
        const sentAt = TIME_PATTERN.test(time) ? Number(time) : Number.NaN;
        const { maxSkewMs } = this.#options;
        if (!Number.isSafeInteger(sentAt) || Math.abs(now - sentAt) > maxSkewMs) {
            throw new ProblemError(
                'PEER_REQUEST_STALE',
                `the request time ${time} is not within ${maxSkewMs} ms of this gateway's clock`,
                { fields: { maxSkewMs } },
            );
        }
        return sentAt;
    }

    async #member(mspId: string, certificatePem: string, now: number): Promise<PeerCaller> {
        if (!this.#options.members.includes(mspId)) {
            throw new ProblemError('PEER_NOT_MEMBER', `${mspId} is not a member organisation of the consortium`, {
                fields: { mspId },
            });
        }
        const idBytes = new TextEncoder().encode(certificatePem);
        const verdict = await this.#options.trust.validate(
            { mspId, idBytes, bytes: idBytes, key: `${mspId}\u0000${certificatePem}` },
            new Date(now),
        );
        if (!verdict.ok) {
            throw new ProblemError('PEER_NOT_MEMBER', `the certificate is not one of ${mspId}: ${verdict.reason}`, {
                fields: { mspId },
            });
        }
        if (verdict.role === undefined || !PEER_REQUEST_ROLES.includes(verdict.role)) {
            throw new ProblemError(
                'PEER_ROLE_NOT_ALLOWED',
                `${verdict.subject} has role ${verdict.role ?? 'none'}; a gateway signs as ${PEER_REQUEST_ROLES.join(', ')}`,
                { fields: { mspId, role: verdict.role ?? null, allowed: [...PEER_REQUEST_ROLES] } },
            );
        }
        return { mspId, subject: verdict.subject, role: verdict.role };
    }

    #spend(nonce: string, sentAt: number, now: number): void {
        for (const [seen, expires] of this.#nonces) {
            if (expires >= now) {
                break;
            }
            this.#nonces.delete(seen);
        }
        if (this.#nonces.has(nonce)) {
            throw new ProblemError('PEER_NONCE_REPLAYED', 'this nonce was already used; sign each request afresh');
        }
        if (this.#nonces.size >= this.#maxNonces) {
            throw new ProblemError('RATE_LIMITED', 'too many requests between gateways; retry shortly', {
                headers: { 'retry-after': '5' },
            });
        }
        // A nonce need only be remembered while a request carrying it would still be fresh.
        this.#nonces.set(nonce, Math.max(sentAt, now) + this.#options.maxSkewMs);
    }
}

function signatureVerifies(certificatePem: string, message: Uint8Array, signature: Uint8Array): boolean {
    try {
        const certificate = new X509Certificate(certificatePem);
        return verify(digestOf(certificate), message, certificate.publicKey, signature);
    } catch {
        return false;
    }
}
