import { FINGERPRINT_PATTERN, type SealedBatchRecord } from '@lendledger/domain';
import { buildReceipt } from '@lendledger/verifier';
import { MerkleLevels } from '../anchors/merkle-levels.js';
import { type SealedBatchStore } from '../anchors/sealed-batches.js';
import { ProblemError } from '../errors/problem-error.js';
import { evaluateJson, type LedgerReads } from '../fabric/evaluate-json.js';
import { signPeerRequest, type PeerIdentity } from './signed-request.js';

/** Longest leaf line: `sha256:` and 64 hex digits (sm3 is shorter), and its newline. */
const MAX_LEAF_BYTES = 72;

/** The path of a batch's leaves at its sealer's gateway. */
export function leavesPath(root: string): string {
    return `/v1/peer/sealed/${root}/leaves`;
}

/** What a {@link SealedBatchFetcher} reads from and writes to. */
export interface SealedBatchFetcherOptions {
    /** This gateway's identity, which signs its requests to other gateways. */
    readonly identity: PeerIdentity;
    /** Member MSP ID → base URL of that member's gateway (`peers.gateways`). */
    readonly gateways: Readonly<Record<string, string>>;
    readonly reads: LedgerReads;
    readonly store: Pick<SealedBatchStore, 'holds' | 'adopt'>;
    readonly chaincode: string;
    readonly timeoutMs: number;
    /**
     * Leaves of the largest batch kept (`limits.maxSealedBatch`): the size on the ledger is the sealer's word, up to
     * the chaincode's 16 million, and an answer is held in memory while it is checked.
     */
    readonly maxLeaves: number;
    /** Replaced in tests. */
    readonly fetch?: typeof fetch;
}

/**
 * Fetches the leaves of a batch another member sealed and keeps a copy here, so this gateway can prove its
 * fingerprints without the sealer. The ledger's seal record (`Anchor:GetSealed`, read from this gateway's own
 * peer) names the sealer's MSP and fixes root and size; the sealer's gateway is asked over a request signed with
 * this gateway's Fabric identity, and its answer is kept only if its leaves are exactly `size` canonical
 * fingerprints whose RFC 9162 root is the recorded root. The sealer is trusted for nothing.
 */
export class SealedBatchFetcher {
    readonly #options: Readonly<SealedBatchFetcherOptions>;
    readonly #fetch: typeof fetch;
    /** Fetches under way, shared by every request for the same root. */
    readonly #fetching = new Map<string, Promise<void>>();

    constructor(options: Readonly<SealedBatchFetcherOptions>) {
        this.#options = options;
        this.#fetch = options.fetch ?? fetch;
    }

    /**
     * Makes sure this gateway holds the batch with `root`, fetching it from its sealer when it does not.
     *
     * @throws the chaincode's ANCHOR_NOT_FOUND (404) when no batch is sealed with this root; {@link ProblemError}
     *   SEALER_UNREACHABLE or SEALER_LEAVES_REFUSED (502).
     */
    async ensure(subject: string, root: string): Promise<void> {
        if (this.#options.store.holds(root)) {
            return;
        }
        let fetching = this.#fetching.get(root);
        if (!fetching) {
            fetching = this.#fetchAndKeep(subject, root).finally(() => this.#fetching.delete(root));
            this.#fetching.set(root, fetching);
        }
        return fetching;
    }

    async #fetchAndKeep(subject: string, root: string): Promise<void> {
        const { reads, identity } = this.#options;
        const record = await evaluateJson<SealedBatchRecord>(reads, subject, 'Anchor:GetSealed', { root });
        const sealer = record.submitter.mspId;
        if (sealer === identity.mspId) {
            throw new ProblemError(
                'SEALED_BATCH_NOT_HELD',
                `${root} was sealed by this organisation, whose leaves are not here`,
                {
                    fields: { root },
                },
            );
        }
        if (record.size > this.#options.maxLeaves) {
            throw new ProblemError(
                'SEALER_LEAVES_REFUSED',
                `the ledger records ${record.size} leaves for ${root}, more than the ${this.#options.maxLeaves} ` +
                    'of a batch this gateway keeps (limits.maxSealedBatch)',
                { fields: { root, size: record.size, maxLeaves: this.#options.maxLeaves } },
            );
        }
        const leaves = await this.#download(sealer, record);
        const tree = await checkedTree(leaves, record);
        const blockNumber = await this.#blockNumberOf(subject, record, leaves[0]!, tree);
        await this.#options.store.adopt(
            { root, size: record.size, txId: record.txId, blockNumber, fetchedFrom: sealer },
            tree,
            leaves,
        );
    }

    async #download(sealer: string, record: SealedBatchRecord): Promise<string[]> {
        const base = this.#options.gateways[sealer];
        if (base === undefined) {
            throw new ProblemError(
                'SEALER_UNREACHABLE',
                `no gateway URL is configured for ${sealer} (peers.gateways)`,
                {
                    fields: { sealer },
                },
            );
        }
        const path = leavesPath(record.root);
        const headers = await signPeerRequest(this.#options.identity, { method: 'GET', path, audience: sealer });
        let response: Response;
        let text: string;
        try {
            response = await this.#fetch(new URL(path, base), {
                headers,
                signal: AbortSignal.timeout(this.#options.timeoutMs),
            });
            text = response.ok ? await boundedText(response, record.size * MAX_LEAF_BYTES) : '';
        } catch (error) {
            if (error instanceof ProblemError) {
                throw error;
            }
            throw new ProblemError(
                'SEALER_UNREACHABLE',
                `${sealer}'s gateway did not answer: ${(error as Error).message}`,
                {
                    fields: { sealer },
                    cause: error,
                },
            );
        }
        if (!response.ok) {
            throw new ProblemError('SEALER_UNREACHABLE', `${sealer}'s gateway answered ${response.status}`, {
                fields: { sealer, status: response.status },
            });
        }
        return text === '' ? [] : text.split('\n');
    }

    /** The block of the seal transaction, read from this gateway's peer (a fetched copy carries no word of the sealer's). */
    async #blockNumberOf(
        subject: string,
        record: SealedBatchRecord,
        first: string,
        tree: MerkleLevels,
    ): Promise<number> {
        const { reads, chaincode } = this.#options;
        const block = await reads.evaluates.run(() => reads.runner.blockByTransactionId(subject, record.txId));
        const anchor = {
            anchorId: record.root,
            index: 0,
            treeSize: tree.size,
            leafHash: tree.leafHash(0),
            auditPath: tree.auditPath(0),
            root: record.root,
        };
        return buildReceipt({ block, txId: record.txId, fingerprint: first, chaincode, anchor }).block.number;
    }
}

/**
 * The tree of the sealer's leaves, refused unless they are exactly the batch the ledger records: `size` canonical
 * fingerprints (none missing, none extra) whose root is the recorded root (none changed, none moved).
 *
 * @throws {@link ProblemError} SEALER_LEAVES_REFUSED.
 */
export async function checkedTree(
    leaves: readonly string[],
    record: Pick<SealedBatchRecord, 'root' | 'size'>,
): Promise<MerkleLevels> {
    const refuse = (why: string): ProblemError =>
        new ProblemError('SEALER_LEAVES_REFUSED', `the sealer's leaves of ${record.root} ${why}`, {
            fields: { root: record.root, size: record.size, received: leaves.length },
        });
    if (leaves.length !== record.size) {
        throw refuse(`are ${leaves.length}, the ledger records ${record.size}`);
    }
    const malformed = leaves.findIndex((leaf) => !FINGERPRINT_PATTERN.test(leaf));
    if (malformed >= 0) {
        throw refuse(`hold a line ${malformed} that is not a canonical fingerprint`);
    }
    const tree = await MerkleLevels.ofLeavesYielding(leaves);
    if (tree.root !== record.root) {
        throw refuse(`make the root ${tree.root}, not the recorded root`);
    }
    return tree;
}

/** The body as text, refused once it is longer than any honest answer could be (extra leaves, or not leaves). */
async function boundedText(response: Response, maxBytes: number): Promise<string> {
    if (!response.body) {
        return '';
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
        bytes += next.value.byteLength;
        if (bytes > maxBytes) {
            await reader.cancel();
            throw new ProblemError(
                'SEALER_LEAVES_REFUSED',
                `the sealer's answer exceeds ${maxBytes} bytes, more than its leaves can take`,
                { fields: { maxBytes } },
            );
        }
        chunks.push(next.value);
    }
    return Buffer.concat(chunks).toString('utf8');
}
