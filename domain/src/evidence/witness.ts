/**
 * The validity witness: the chaincode function a gateway has peers of several organisations endorse (and never
 * submits) to show the committed version of the key a receipt names. Gateway and verifier both name it from here.
 */
export const WITNESS_READ_FUNCTION = 'Witness:Read';
