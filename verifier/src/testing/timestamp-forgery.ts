/**
 * Test support: time-stamp tokens as a forger makes them. Edits a genuine token field by field (TSTInfo, signature)
 * without the TSA's key, or issues tokens from test TSAs whose certificates break one rule each.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { asWebCryptoBytes } from '../crypto/webcrypto-types.js';
import { sha256 } from '../crypto/sha256.js';
import { blockHeaderBytes } from '../decode/block-header-bytes.js';
import { decodeBlock } from '../decode/block.js';
import { fromBase64, toBase64 } from '../encoding/bytes.js';
import { type Receipt } from '../receipt/receipt.js';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { parseTimestampReply, timestampQuery } from '../timestamp/timestamp-query.js';
import { TimestampResponder } from '../timestamp/timestamp-responder.js';
import { createTsaCredentials, type TsaCredentialsOptions } from '../timestamp/tsa-credentials.js';
import { LENDLEDGER_TSA_POLICY } from '../timestamp/tsp-oids.js';

/** The pieces of a token a forger edits. */
export interface TokenParts {
    readonly signedData: pkijs.SignedData;
    readonly tstInfo: pkijs.TSTInfo;
}

/** The receipt with its token edited by `edit`, re-encoded with the original signature (no TSA key needed). */
export function withEditedToken(receipt: Receipt, edit: (parts: TokenParts) => void): Receipt {
    const content = pkijs.ContentInfo.fromBER(asWebCryptoBytes(fromBase64(receipt.timestamp!.token)));
    const signedData = new pkijs.SignedData({ schema: content.content });
    const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent!.getValue());
    edit({ signedData, tstInfo });
    signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: tstInfo.toSchema().toBER() });
    const token = new pkijs.ContentInfo({ contentType: content.contentType, content: signedData.toSchema(true) });
    return withToken(receipt, new Uint8Array(token.toSchema().toBER()));
}

/** The receipt carrying `token` instead of its own. */
export function withToken(receipt: Receipt, token: Uint8Array): Receipt {
    return { ...receipt, timestamp: { token: toBase64(token) } };
}

/** SHA-256 of the receipt block's header DER: what a genuine token's imprint is. */
export function headerImprint(receipt: Receipt): Uint8Array {
    return sha256(blockHeaderBytes(decodeBlock(fromBase64(receipt.block.bytes))));
}

/** A TSA of a test: its responder and the PEM of the root its certificate chains to. */
export interface TestTsa {
    readonly rootPem: string;
    readonly certificatePem: string;
    readonly responder: TimestampResponder;
    /** A token over a SHA-256 imprint, from this TSA. */
    stamp(imprint: Uint8Array): Promise<Uint8Array>;
}

/** A test TSA made with {@link createTsaCredentials}; its clock is `now` when given. */
export async function testTsa(
    options: Partial<TsaCredentialsOptions> & { readonly now?: () => Date } = {},
): Promise<TestTsa> {
    const credentials = await createTsaCredentials({ organisation: 'Test', commonName: 'Test TSA', ...options });
    const responder = new TimestampResponder({
        privateKey: credentials.privateKey,
        certificatePem: credentials.certificatePem,
        policy: LENDLEDGER_TSA_POLICY,
        accuracySeconds: 1,
        ...(options.now ? { now: options.now } : {}),
    });
    return {
        rootPem: credentials.rootPem,
        certificatePem: credentials.certificatePem,
        responder,
        stamp: async (imprint) => {
            const reply = parseTimestampReply(await responder.respond(timestampQuery(imprint, { certReq: true })));
            if (reply.token === undefined) {
                throw new Error(`the test TSA refused: ${reply.statusText.join('; ')}`);
            }
            return reply.token;
        },
    };
}

/** The bundle with one more trusted time-stamping authority. */
export function trustingAlso(bundle: RootsBundle, name: string, rootPem: string): RootsBundle {
    return {
        ...bundle,
        timestampAuthorities: [...(bundle.timestampAuthorities ?? []), { name, certificates: [rootPem] }],
    };
}
