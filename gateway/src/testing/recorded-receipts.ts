import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Receipt } from '@lendledger/verifier';

/** Receipts the verifier's fixture script recorded from a real network: their blocks are real Fabric blocks. */
export function recordedReceipt(kind: 'direct' | 'anchored' | 'sealed'): Receipt {
    const file = join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures', `receipt-${kind}.json`);
    return JSON.parse(readFileSync(file, 'utf8')) as Receipt;
}
