import { type HeldBatch } from './sealed-batches.js';

/** The format tag of a sealed batch's proof bundle. */
export const SEAL_PROOFS_FORMAT = 'lendledger-seal-proofs/1';

/** Where a proof bundle's batch sits on the ledger, as the bundle's `batch` member states it. */
export interface ProofBundleHeader {
    readonly channel: string;
    readonly chaincode: string;
    /** MSP ID of the organisation whose gateway sealed the batch. */
    readonly sealer: string;
}

/** Proofs written per chunk: large enough that a chunk is worth a write, small enough to keep memory flat. */
const PROOFS_PER_CHUNK = 1_000;

/**
 * The proof bundle of a committed sealed batch (`lendledger-seal-proofs/1`), as text chunks: a JSON document
 * `{ format, batch: { anchorId, root, size, txId, blockNumber, channel, chaincode, sealer, leafEncoding,
 * treeAlgorithm }, proofs: [{ fingerprint, index, auditPath }, …] }` with one proof per leaf position, in order.
 * Like an OpenTimestamps `.ots` file, it lets the submitter prove each leaf without this gateway: a proof plus the
 * block of `txId` is a receipt (`buildReceipt` of the verifier). A batch can hold millions of leaves, so the
 * document is produced a thousand proofs at a time and never held whole.
 */
export function* proofBundleChunks(batch: HeldBatch, header: ProofBundleHeader): Generator<string> {
    const { meta, tree, leaves } = batch;
    const described = {
        anchorId: meta.root,
        root: meta.root,
        size: tree.size,
        txId: meta.txId,
        blockNumber: meta.blockNumber,
        channel: header.channel,
        chaincode: header.chaincode,
        sealer: header.sealer,
        leafEncoding: 'utf8-canonical-fingerprint',
        treeAlgorithm: 'rfc9162-sha256',
    };
    yield `{"format":${JSON.stringify(SEAL_PROOFS_FORMAT)},"batch":${JSON.stringify(described)},"proofs":[`;
    for (let start = 0; start < leaves.length; start += PROOFS_PER_CHUNK) {
        const end = Math.min(start + PROOFS_PER_CHUNK, leaves.length);
        const parts: string[] = [];
        for (let index = start; index < end; index += 1) {
            const proof = { fingerprint: leaves[index]!, index, auditPath: tree.auditPath(index) };
            parts.push(JSON.stringify(proof));
        }
        yield `${start === 0 ? '' : ','}${parts.join(',')}`;
    }
    yield ']}';
}
