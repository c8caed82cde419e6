/**
 * Issuing RFC 3161 time-stamp tokens (`@lendledger/verifier/tsa`): the responder behind the local network's
 * time-stamping authority, and the generation of its certificate. Browser-safe like the rest (pkijs on WebCrypto).
 * Verifying tokens is in `./verify`; asking a TSA is in `./build`.
 */
export { createTsaCredentials, privateKeyFromPem, privateKeyToPem } from './timestamp/tsa-credentials.js';
export { type TsaCredentials, type TsaCredentialsOptions } from './timestamp/tsa-credentials.js';
export {
    grantedReply,
    rejection,
    TimestampResponder,
    type TimestampResponderOptions,
} from './timestamp/timestamp-responder.js';
export { TSP_FAILURES, type TspFailure } from './timestamp/tsp-failure.js';
export { LENDLEDGER_TSA_POLICY, TSP_OIDS } from './timestamp/tsp-oids.js';
export { TIMESTAMP_QUERY_TYPE, TIMESTAMP_REPLY_TYPE } from './timestamp/timestamp-query.js';
export { decodeTimestampToken, TimestampTokenError, type DecodedTimestampToken } from './timestamp/timestamp-token.js';
