/**
 * Test support: a BFT (SmartBFT) ordering service run by four member organisations, and blocks signed the way its
 * consenters sign them. The recorded Raft receipts are re-signed by these consenters, so that every other check
 * still runs on bytes from a real network. The installed fabric-protos predate `identifier_header`, so the
 * signature metadata is encoded here by hand.
 */
import { type OrderingArrangement } from '@lendledger/domain';
import { BLOCK_METADATA_INDEX } from '../decode/block.js';
import { blockHeaderBytes } from '../decode/block-header-bytes.js';
import { decodeBlock } from '../decode/block.js';
import { concatBytes, fromBase64 } from '../encoding/bytes.js';
import { WireMessage } from '../decode/wire.js';
import { decodeReceiptEvidence } from '../receipt/decode-receipt.js';
import { type Receipt } from '../receipt/receipt.js';
import { summarise } from '../receipt/summarise.js';
import { ROOTS_FORMAT, type RootsBundle } from '../roots/roots-bundle.js';
import { signLikeFabric } from './outsider.js';
import { editMetadata } from './tamper.js';
import { newTestMember, type TestIdentity, type TestMember } from './test-consortium.js';

/** The member organisations that run LendLedger's BFT orderers, one orderer each. */
export const CONSENTER_MSP_IDS = ['BankMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP'] as const;

/** One consenter: its number, its organisation (a CA of its own) and its orderer identity. */
export interface TestConsenter {
    readonly id: number;
    readonly member: TestMember;
    readonly identity: TestIdentity;
}

/** A BFT arrangement: consensus and consenters. */
export type BftArrangement = Extract<OrderingArrangement, { readonly consensus: 'BFT' }>;

/** A BFT ordering service of the test: its consenters, and the ordering a roots bundle states for them. */
export interface TestBftOrdering {
    readonly consenters: readonly TestConsenter[];
    readonly ordering: BftArrangement;
}

/** Consenters numbered 1, 2, … of the given organisations, each with an orderer certificate (OU=orderer). */
export async function newBftOrdering(mspIds: readonly string[] = CONSENTER_MSP_IDS): Promise<TestBftOrdering> {
    return bftOrderingOf(await Promise.all(mspIds.map(newTestMember)));
}

/** Consenters numbered 1, 2, … run by these members with their orderer identities. */
export function bftOrderingOf(members: readonly TestMember[]): TestBftOrdering {
    const consenters = members.map((member, i) => ({ id: i + 1, member, identity: member.identities.orderer }));
    return { consenters, ordering: orderingOf(consenters) };
}

/** The BFT ordering a bundle states for these consenters. */
export function orderingOf(consenters: readonly TestConsenter[]): BftArrangement {
    return {
        consensus: 'BFT',
        consenters: consenters.map((c) => ({ id: c.id, mspId: c.member.mspId, identity: c.identity.pem })),
    };
}

/**
 * A `lendledger-roots/3` bundle of `bundle`'s members ordering with BFT: each consenter's CA is added to its
 * organisation's roots (an organisation may have several), and no ordering organisation is listed.
 */
export function bftBundle(bundle: RootsBundle, bft: TestBftOrdering): RootsBundle {
    return {
        ...bundle,
        format: ROOTS_FORMAT,
        members: bundle.members.map((m) => ({
            ...m,
            roots: [
                ...m.roots,
                ...bft.consenters.filter((c) => c.member.mspId === m.mspId).map((c) => c.member.ca.pem),
            ],
        })),
        orderers: [],
        ordering: bft.ordering,
        signatures: [],
    };
}

/** How one block signature is made. */
export type SignatureSpec =
    /** A SmartBFT consenter naming itself by number (`as`, its own by default), signing `header` (the block's). */
    | { readonly consenter: TestConsenter; readonly as?: number; readonly header?: Uint8Array }
    /** A signer naming itself in a signature header, as a Raft orderer does. */
    | { readonly signer: TestIdentity; readonly mspId: string };

/**
 * The receipt with its block's SIGNATURES metadata replaced by the given signatures (over the original metadata
 * value), and its summary derived again as a gateway without the consenter set would: a forger can do both.
 */
export async function withBlockSignatures(receipt: Receipt, specs: readonly SignatureSpec[]): Promise<Receipt> {
    const header = blockHeaderBytes(decodeBlock(fromBase64(receipt.block.bytes)));
    const { value } = blockSignaturesMetadata(receipt);
    const entries = await Promise.all(specs.map((spec) => signatureEntry(spec, value, header)));
    const resigned = withBlockSignaturesMetadata(receipt, { value, entries });
    const evidence = decodeReceiptEvidence(resigned.block.bytes, resigned.transaction.index);
    const { fingerprint, write, anchor } = resigned;
    return { ...resigned, summary: summarise({ evidence, fingerprint, write, anchor }) };
}

/** The SIGNATURES metadata of a receipt's block: the signed value and each encoded `common.MetadataSignature`. */
export interface SignaturesMetadata {
    readonly value: Uint8Array;
    readonly entries: readonly Uint8Array[];
}

/** The SIGNATURES metadata of the receipt's block, each signature entry as the block encodes it. */
export function blockSignaturesMetadata(receipt: Receipt): SignaturesMetadata {
    const block = decodeBlock(fromBase64(receipt.block.bytes));
    const metadata = WireMessage.decode('common.Metadata', block.metadata[BLOCK_METADATA_INDEX.signatures]!);
    return { value: metadata.bytes(1), entries: metadata.repeatedBytes(2) };
}

/**
 * The receipt with its block's SIGNATURES metadata encoded from `metadata`, the summary left as it was. Entries are
 * copied byte for byte: decoding them with the installed fabric-protos would drop a consenter's `identifier_header`.
 */
export function withBlockSignaturesMetadata(receipt: Receipt, metadata: SignaturesMetadata): Receipt {
    const encoded = concatBytes(field(1, metadata.value), ...metadata.entries.map((entry) => field(2, entry)));
    return editMetadata(receipt, (list) => {
        list[BLOCK_METADATA_INDEX.signatures] = encoded;
    });
}

async function signatureEntry(spec: SignatureSpec, value: Uint8Array, header: Uint8Array): Promise<Uint8Array> {
    if ('consenter' in spec) {
        const identifier = concatBytes(varintField(1, spec.as ?? spec.consenter.id), field(2, nonce()));
        const message = concatBytes(value, identifier, spec.header ?? header);
        const signature = await signLikeFabric(spec.consenter.identity.keys.privateKey, message);
        return concatBytes(field(2, signature), field(3, identifier));
    }
    const creator = concatBytes(field(1, new TextEncoder().encode(spec.mspId)), field(2, utf8Pem(spec.signer)));
    const signatureHeader = concatBytes(field(1, creator), field(2, nonce()));
    const signature = await signLikeFabric(spec.signer.keys.privateKey, concatBytes(value, signatureHeader, header));
    return concatBytes(field(1, signatureHeader), field(2, signature));
}

function utf8Pem(identity: TestIdentity): Uint8Array {
    return new TextEncoder().encode(identity.pem);
}

function nonce(): Uint8Array {
    return crypto.getRandomValues(new Uint8Array(24));
}

/** A length-delimited protobuf field. */
function field(number: number, bytes: Uint8Array): Uint8Array {
    return concatBytes(varint((number << 3) | 2), varint(bytes.length), bytes);
}

/** A varint protobuf field. */
function varintField(number: number, value: number): Uint8Array {
    return concatBytes(varint(number << 3), varint(value));
}

function varint(value: number): Uint8Array {
    const out: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
        out.push((rest % 0x80) | 0x80);
        rest = Math.floor(rest / 0x80);
    }
    out.push(rest);
    return Uint8Array.from(out);
}
