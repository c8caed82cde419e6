/**
 * Test support: the generated Fabric message classes, the independent reference the verifier's own wire reader is
 * compared with and the encoder the tampering tests forge blocks with. Imported file by file (the package's index
 * also loads gRPC stubs); the files are CommonJS, so each is imported as its `module.exports`.
 */
import commonPb from '@hyperledger/fabric-protos/lib/common/common_pb.js';
import kvRwsetPb from '@hyperledger/fabric-protos/lib/ledger/rwset/kvrwset/kv_rwset_pb.js';
import rwsetPb from '@hyperledger/fabric-protos/lib/ledger/rwset/rwset_pb.js';
import mspPb from '@hyperledger/fabric-protos/lib/msp/identities_pb.js';
import chaincodePb from '@hyperledger/fabric-protos/lib/peer/chaincode_pb.js';
import proposalPb from '@hyperledger/fabric-protos/lib/peer/proposal_pb.js';
import proposalResponsePb from '@hyperledger/fabric-protos/lib/peer/proposal_response_pb.js';
import transactionPb from '@hyperledger/fabric-protos/lib/peer/transaction_pb.js';

export { chaincodePb, commonPb, kvRwsetPb, mspPb, proposalPb, proposalResponsePb, rwsetPb, transactionPb };
