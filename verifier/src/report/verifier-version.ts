/** Name of this verifier as reports cite it. */
export const VERIFIER_NAME = '@lendledger/verifier';

/** Version of this verifier; a test keeps it equal to package.json's. */
export const VERIFIER_VERSION = '0.1.0';
