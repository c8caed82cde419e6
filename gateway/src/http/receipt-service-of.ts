import { SealedBatchFetcher } from '../peers/sealed-batch-fetcher.js';
import { ReceiptService } from '../receipts/receipt-service.js';
import { ValidityWitnesses } from '../receipts/validity-witnesses.js';
import { type GatewayServices } from './services.js';

/**
 * The receipt service of a gateway, wired from its services: the ledger, the sealed batches it holds (and the
 * fetcher of other members' batches when it has a peer identity), the validity witnesses, the block time-stamps and
 * the consortium policy whose consenter set names a BFT block's signers in each summary.
 * The authenticated receipt routes and the public look-up each take one, so both assemble the same document.
 */
export function receiptServiceOf(services: GatewayServices): ReceiptService {
    const { config } = services;
    const fetcher = services.peerIdentity
        ? new SealedBatchFetcher({
              identity: services.peerIdentity,
              gateways: config.peers.gateways,
              reads: services,
              store: services.sealed,
              chaincode: config.chaincode,
              timeoutMs: config.peers.fetchTimeoutMs,
              maxLeaves: config.limits.maxSealedBatch,
          })
        : undefined;
    const witnesses = new ValidityWitnesses({
        ledger: services.ledger,
        evaluates: services.evaluates,
        mspId: config.mspId,
        organizations: services.consortium.organisations,
        quorum: services.consortium.requiredEndorsingOrganisations,
    });
    return new ReceiptService({
        reads: services,
        sealed: services.sealed,
        witnesses,
        chaincode: config.chaincode,
        policy: services.consortium,
        ...(fetcher ? { fetcher } : {}),
        ...(services.timestamps ? { timestamps: services.timestamps } : {}),
        retryAfterSeconds: config.timestamping.retryAfterSeconds,
    });
}
