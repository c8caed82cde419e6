import { sha256 } from '../crypto/sha256.js';
import { blockHeaderBytes } from '../decode/block-header-bytes.js';
import { fromBase64, toHex, type EncodingError } from '../encoding/bytes.js';
import { type TrustStore } from '../roots/trust-store.js';
import { verifyTimestampToken, type TimestampVerdict } from '../timestamp/verify-timestamp-token.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `trusted-time`: the receipt's RFC 3161 token dates the block. Its imprint is the hash (SHA-256 or stronger, as
 * the token names) of the block header's DER, the bytes the orderers sign and the next block's previous hash
 * covers, so one token dates every transaction of the block; the TSA's signature verifies; its certificate is a
 * time-stamping certificate (extended key usage id-kp-timeStamping, critical) that chains to a time-stamping
 * authority of the roots bundle and was valid at the token's genTime. On success the genTime is recorded on the
 * context for the checks that need the evidence's time.
 */
export async function checkTrustedTime(ctx: CheckContext): Promise<CheckResult> {
    const { timestamp } = ctx.receipt;
    if (timestamp === undefined) {
        return fail(
            'trusted-time',
            'the receipt carries no time-stamp token: its time is only what the client asserted',
        );
    }
    let token: Uint8Array;
    try {
        token = fromBase64(timestamp.token);
    } catch (error) {
        return fail('trusted-time', `the token is not base64: ${(error as EncodingError).message}`);
    }
    const header = blockHeaderBytes(ctx.evidence.block);
    const verdict = await rememberedVerdict(ctx.trust, token, header, () =>
        verifyTimestampToken(
            token,
            header,
            ctx.trust.bundle.timestampAuthorities,
            `block ${ctx.evidence.block.number}'s header`,
        ),
    );
    if (!verdict.ok) {
        return fail('trusted-time', verdict.reason);
    }
    ctx.trustedTime = verdict.genTime;
    return pass('trusted-time', verdict.reason);
}

// Every receipt of one block carries the same token over the same header: verifying it (a CMS signature and a
// certificate chain through pkijs) once per trust store keeps receipts of one batch at thousands a second instead of
// a few hundred. The verdict depends only on the token, the header and the store's time-stamping authorities.
const REMEMBERED_TOKENS = 10_000;
const verdicts = new WeakMap<TrustStore, Map<string, Promise<TimestampVerdict>>>();

function rememberedVerdict(
    trust: TrustStore,
    token: Uint8Array,
    header: Uint8Array,
    verify: () => Promise<TimestampVerdict>,
): Promise<TimestampVerdict> {
    let remembered = verdicts.get(trust);
    if (remembered === undefined) {
        remembered = new Map();
        verdicts.set(trust, remembered);
    }
    const key = `${toHex(sha256(token))}:${toHex(sha256(header))}`;
    let verdict = remembered.get(key);
    if (verdict === undefined) {
        if (remembered.size >= REMEMBERED_TOKENS) {
            remembered.clear();
        }
        verdict = verify();
        remembered.set(key, verdict);
    }
    return verdict;
}
