import { blockImprint, type Receipt } from '@lendledger/verifier';
import { TimestampUnavailableError, type TsaClient } from '../timestamps/tsa-client.js';

/**
 * A TSA that answers with the tokens recorded in fixture receipts: the token of a receipt's block for that block's
 * header, nothing for anything else. Receipts a gateway builds from recorded blocks then verify against the recorded
 * roots bundle, whose time-stamping authority made those tokens.
 */
export function recordedTsa(receipts: readonly Receipt[]): Pick<TsaClient, 'stamp'> {
    const tokens = new Map(
        receipts
            .filter((receipt) => receipt.timestamp !== undefined)
            .map((receipt) => [
                Buffer.from(blockImprint(Buffer.from(receipt.block.bytes, 'base64')).header).toString('hex'),
                new Uint8Array(Buffer.from(receipt.timestamp!.token, 'base64')),
            ]),
    );
    return {
        stamp: async (data, what) => {
            const token = tokens.get(Buffer.from(data).toString('hex'));
            if (token === undefined) {
                throw new TimestampUnavailableError(`no recorded token for ${what}`);
            }
            return token;
        },
    };
}
