import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSignatureVerifier } from './crypto/default-verifier.js';
import { rememberingVerifier } from './crypto/remembering-verifier.js';
import { fromBase64, toBase64, utf8 } from './encoding/bytes.js';
import { type Receipt } from './receipt/receipt.js';
import { TrustStore } from './roots/trust-store.js';
import { fixtureReceipt, fixtureRoots, rootsOf, withRoots, type FixtureKind } from './testing/fixtures.js';
import { outsiderCredential, signLikeFabric, type Credential } from './testing/outsider.js';
import { chaincodePb, kvRwsetPb, mspPb, proposalPb, proposalResponsePb } from './testing/protos.js';
import { check, failedChecks } from './testing/results.js';
import { openWitness, sealWitness, type EnvelopeParts } from './testing/tamper.js';
import { newCrl, newTestMember, type TestMember } from './testing/test-consortium.js';
import { verifyReceipt, type VerificationResult } from './verify-receipt.js';

/*
 * The tamper class of the validity witness: every number, name and flag it carries (the read's key, namespace and
 * version, the function and its argument, channel and chaincode, each endorsement, the organisations counted), and
 * the witness as a whole. Each forgery must fail `validity-witness`, and nothing else, since the rest of the
 * receipt is genuine. Against the consortium's roots a forger cannot sign; against roots that also trust CAs the
 * test holds keys of (the forger controls both witnessing organisations), each semantic rule is shown to fire on
 * its own, and the same witness re-signed unchanged passes, so the failures come from the rule, not the signature.
 */
const roots = new TrustStore(fixtureRoots(), rememberingVerifier(defaultSignatureVerifier()));
const KINDS: readonly FixtureKind[] = ['direct', 'anchored', 'sealed'];

function serializedIdentity(mspId: string, pem: string): Uint8Array {
    const identity = new mspPb.SerializedIdentity();
    identity.setMspid(mspId);
    identity.setIdBytes(utf8(pem));
    return identity.serializeBinary();
}

function mspOf(endorser: Uint8Array): string {
    return mspPb.SerializedIdentity.deserializeBinary(endorser).getMspid();
}

/** The witness fails, with a reason matching `reason`, and every other check stands. */
function expectWitnessRefused(result: VerificationResult, reason: RegExp | string): void {
    expect(failedChecks(result)).toEqual(['validity-witness']);
    const { reason: said } = check(result, 'validity-witness');
    if (typeof reason === 'string') {
        expect(said).toContain(reason);
    } else {
        expect(said).toMatch(reason);
    }
}

beforeAll(async () => {
    for (const kind of KINDS) {
        const result = await verifyReceipt(fixtureReceipt(kind), { roots });
        expect(check(result, 'validity-witness').status).toBe('pass');
        expect(result.ok).toBe(true);
    }
});

describe('a validity witness against the consortium roots', () => {
    it.each(KINDS)('is required: a %s receipt without one fails validity-witness alone', async (kind) => {
        const receipt = Object.fromEntries(Object.entries(fixtureReceipt(kind)).filter(([name]) => name !== 'witness'));
        expectWitnessRefused(await verifyReceipt(receipt, { roots }), 'carries no validity witness');
    });

    it('fails when any byte of the envelope changes', async () => {
        const receipt = fixtureReceipt('direct');
        const bytes = fromBase64(receipt.witness!.envelope);
        const stride = Math.ceil(bytes.length / 97);
        let changed = 0;
        for (let offset = 0; offset < bytes.length; offset += stride) {
            const altered = bytes.slice();
            altered[offset] = altered[offset]! ^ 0x01;
            const result = await verifyReceipt({ ...receipt, witness: { envelope: toBase64(altered) } }, { roots });
            expect(failedChecks(result), `byte ${offset}`).toEqual(['validity-witness']);
            changed++;
        }
        expect(changed).toBeGreaterThan(90);
    });

    it('fails when the witness carries an envelope signature, which no check could read', async () => {
        // A witness is never submitted: its endorsements bind its header and proposal, and a signature beside them
        // would be bytes that change unnoticed. An envelope signature is field 2 (length-delimited) after the payload.
        const receipt = fixtureReceipt('direct');
        const bytes = fromBase64(receipt.witness!.envelope);
        for (const signature of [new Uint8Array(0x46).fill(0x30), new Uint8Array(1)]) {
            const signed = new Uint8Array([...bytes, 0x12, signature.length, ...signature]);
            const result = await verifyReceipt({ ...receipt, witness: { envelope: toBase64(signed) } }, { roots });
            expectWitnessRefused(result, 'envelope signature');
        }
    });

    it('fails for an envelope that is not base64 or not a transaction', async () => {
        const receipt = fixtureReceipt('direct');
        for (const envelope of ['%%%', toBase64(utf8('not a transaction')), receipt.block.bytes]) {
            expectWitnessRefused(await verifyReceipt({ ...receipt, witness: { envelope } }, { roots }), /./);
        }
    });

    it('fails when either endorsement signature is changed, naming that endorser', async () => {
        const receipt = fixtureReceipt('anchored');
        const count = openWitness(receipt).endorsed.getEndorsementsList().length;
        expect(count).toBeGreaterThanOrEqual(2);
        for (let i = 0; i < count; i++) {
            const parts = openWitness(receipt);
            const endorsement = parts.endorsed.getEndorsementsList()[i]!;
            const signature = endorsement.getSignature_asU8().slice();
            signature[signature.length - 1] = signature.at(-1)! ^ 0x01;
            endorsement.setSignature(signature);
            const result = await verifyReceipt(await sealWitness(receipt, parts), { roots });
            expectWitnessRefused(result, `witness endorsement by`);
            expect(check(result, 'validity-witness').reason).toContain(mspOf(endorsement.getEndorser_asU8()));
        }
    });

    it('fails when an endorser’s certificate claims another organisation', async () => {
        const receipt = fixtureReceipt('direct');
        const parts = openWitness(receipt);
        const endorsement = parts.endorsed.getEndorsementsList()[1]!;
        const identity = mspPb.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8());
        identity.setMspid('CourtMSP');
        endorsement.setEndorser(identity.serializeBinary());
        expectWitnessRefused(
            await verifyReceipt(await sealWitness(receipt, parts), { roots }),
            /not trusted: .*CourtMSP/,
        );
    });

    it('fails for an endorsement by an outsider’s certificate, even signed correctly', async () => {
        const outsider = await outsiderCredential({
            commonName: 'peer0.bank.lendledger.test',
            organisationalUnit: 'peer',
        });
        const receipt = fixtureReceipt('direct');
        const parts = openWitness(receipt);
        const forged = serializedIdentity('BankMSP', outsider.certificatePem);
        parts.endorsed.getEndorsementsList()[1]!.setEndorser(forged);
        const sealed = await sealWitness(receipt, parts, {
            signEndorsement: async (message, endorser) =>
                endorser.length === forged.length ? signLikeFabric(outsider.privateKey, message) : undefined,
        });
        const result = await verifyReceipt(sealed, { roots });
        expectWitnessRefused(result, 'not issued by any BankMSP root');
        expect(check(result, 'validity-witness').reason).toMatch(/1 of 2 required organisations witnessed/);
    });

    it('fails with fewer organisations than the policy: one endorsement removed', async () => {
        const receipt = fixtureReceipt('sealed');
        const parts = openWitness(receipt);
        parts.endorsed.setEndorsementsList(parts.endorsed.getEndorsementsList().slice(0, 1));
        expectWitnessRefused(await verifyReceipt(await sealWitness(receipt, parts), { roots }), /^1 of 2 required/);
    });

    it('counts an organisation once: one endorsement duplicated in place of the other', async () => {
        const receipt = fixtureReceipt('direct');
        const parts = openWitness(receipt);
        const [first] = parts.endorsed.getEndorsementsList();
        parts.endorsed.setEndorsementsList([
            first!,
            proposalResponsePb.Endorsement.deserializeBinary(first!.serializeBinary()),
        ]);
        expectWitnessRefused(await verifyReceipt(await sealWitness(receipt, parts), { roots }), /^1 of 2 required/);
    });

    it('fails for the genuine witness of another receipt’s key', async () => {
        const direct = fixtureReceipt('direct');
        for (const other of ['anchored', 'sealed'] as const) {
            const receipt = { ...direct, witness: fixtureReceipt(other).witness! };
            expectWitnessRefused(await verifyReceipt(receipt, { roots }), /the witness reads key anchor/);
        }
    });

    it('fails when the roots bundle asks for more organisations than witnessed', async () => {
        const bundle = fixtureRoots();
        const stricter = { ...bundle, endorsementPolicy: { ...bundle.endorsementPolicy, outOf: 3 } };
        const result = await verifyReceipt(fixtureReceipt('direct'), { roots: stricter });
        expect(check(result, 'validity-witness').reason).toMatch(/2 of 3 required organisations witnessed/);
    });
});

/** Roots that also trust a CA per witnessing organisation whose peer key the test holds: a forger's world. */
async function compromisedWorld(receipt: Receipt): Promise<{
    roots: TrustStore;
    forge: (edit: (parts: EnvelopeParts) => void, options?: { rehashProposal?: boolean }) => Promise<Receipt>;
}> {
    const credentials = new Map<string, Credential>();
    let bundle = fixtureRoots();
    for (const endorsement of openWitness(receipt).endorsed.getEndorsementsList()) {
        const mspId = mspOf(endorsement.getEndorser_asU8());
        const credential = await outsiderCredential({ commonName: `peer9.${mspId}`, organisationalUnit: 'peer' });
        credentials.set(mspId, credential);
        bundle = withRoots(bundle, mspId, [...rootsOf(bundle, mspId), credential.ca.certificatePem]);
    }
    const trust = new TrustStore(bundle, defaultSignatureVerifier());
    return {
        roots: trust,
        forge: async (edit, options = {}) => {
            const parts = openWitness(receipt);
            const keys = new Map<string, Credential>();
            for (const endorsement of parts.endorsed.getEndorsementsList()) {
                const mspId = mspOf(endorsement.getEndorser_asU8());
                const credential = credentials.get(mspId)!;
                const endorser = serializedIdentity(mspId, credential.certificatePem);
                endorsement.setEndorser(endorser);
                keys.set(toBase64(endorser), credential);
            }
            edit(parts);
            return sealWitness(receipt, parts, {
                ...options,
                signEndorsement: (message, endorser) =>
                    signLikeFabric(keys.get(toBase64(endorser))!.privateKey, message),
            });
        },
    };
}

/** The read of the receipt's key in the witness's `lendledger` namespace. */
function keyRead(parts: EnvelopeParts) {
    const index = parts.rwset.getNsRwsetList().findIndex((ns) => ns.getNamespace() === 'lendledger');
    return { namespace: parts.rwset.getNsRwsetList()[index]!, read: parts.kvsets[index]!.getReadsList()[0]! };
}

/** Rewrites the invocation's arguments (the proposal the endorsers answered). */
function setArguments(parts: EnvelopeParts, rewrite: (args: Uint8Array[]) => Uint8Array[]): void {
    const proposal = proposalPb.ChaincodeProposalPayload.deserializeBinary(
        parts.actionPayload.getChaincodeProposalPayload_asU8(),
    );
    const invocation = chaincodePb.ChaincodeInvocationSpec.deserializeBinary(proposal.getInput_asU8());
    const input = invocation.getChaincodeSpec()!.getInput()!;
    input.setArgsList(rewrite(input.getArgsList_asU8()));
    proposal.setInput(invocation.serializeBinary());
    parts.actionPayload.setChaincodeProposalPayload(proposal.serializeBinary());
}

describe.each(KINDS)('a %s receipt’s witness re-signed by keys the forger holds', (kind) => {
    const receipt = fixtureReceipt(kind);
    let world: Awaited<ReturnType<typeof compromisedWorld>>;
    const verify = (forged: Receipt): Promise<VerificationResult> => verifyReceipt(forged, { roots: world.roots });

    beforeAll(async () => {
        world = await compromisedWorld(receipt);
    });

    it('passes when nothing but the signatures changed (the control)', async () => {
        const result = await verify(await world.forge(() => undefined));
        expect(check(result, 'validity-witness')).toMatchObject({ status: 'pass' });
        expect(result.ok).toBe(true);
    });

    it.each([
        ['block number + 1', 1, 0],
        ['block number − 1', -1, 0],
        ['transaction index + 1', 0, 1],
        ['transaction index − 1 (wrapping below 0 to the largest)', 0, -1],
    ])('fails for a read version with the %s', async (_name, blockDelta, txDelta) => {
        const forged = await world.forge((parts) => {
            const version = keyRead(parts).read.getVersion()!;
            version.setBlockNum(version.getBlockNum() + blockDelta);
            version.setTxNum(txDelta < 0 && version.getTxNum() === 0 ? 2 ** 31 : version.getTxNum() + txDelta);
        });
        expectWitnessRefused(await verify(forged), /at version \(block \d+, entry \d+\), not the receipt's/);
    });

    it('fails for a read showing the key absent (no version)', async () => {
        const forged = await world.forge((parts) => keyRead(parts).read.clearVersion());
        expectWitnessRefused(await verify(forged), 'as absent');
    });

    it('fails for a read of another key', async () => {
        const forged = await world.forge((parts) => keyRead(parts).read.setKey(`${receipt.write.key}x`));
        expectWitnessRefused(await verify(forged), 'holds 0 reads of');
    });

    it('fails for a read duplicated', async () => {
        const forged = await world.forge((parts) => {
            const index = parts.rwset.getNsRwsetList().findIndex((ns) => ns.getNamespace() === 'lendledger');
            const reads = parts.kvsets[index]!.getReadsList();
            parts.kvsets[index]!.setReadsList([
                ...reads,
                kvRwsetPb.KVRead.deserializeBinary(reads[0]!.serializeBinary()),
            ]);
        });
        expectWitnessRefused(await verify(forged), 'holds 2 reads of');
    });

    it('fails for the read set in another namespace', async () => {
        const forged = await world.forge((parts) => keyRead(parts).namespace.setNamespace('sandbox'));
        expectWitnessRefused(await verify(forged), 'holds 0 reads of');
    });

    it('fails for an argument naming another key, the proposal hash recomputed', async () => {
        const forged = await world.forge(
            (parts) => setArguments(parts, ([fn]) => [fn!, utf8(`${receipt.write.key}x`)]),
            {
                rehashProposal: true,
            },
        );
        expectWitnessRefused(await verify(forged), /the witness reads key .*x, not /);
    });

    it('fails for an extra argument or another function, the proposal hash recomputed', async () => {
        for (const rewrite of [
            (args: Uint8Array[]) => [...args, utf8('more')],
            ([, key]: Uint8Array[]) => [utf8('Evidence:Get'), key!],
        ]) {
            const forged = await world.forge((parts) => setArguments(parts, rewrite), { rehashProposal: true });
            expectWitnessRefused(await verify(forged), /not Witness:Read of one key/);
        }
    });

    it('fails for an argument changed without the proposal hash: the endorsers answered another proposal', async () => {
        const forged = await world.forge((parts) => setArguments(parts, (args) => [...args, utf8('more')]));
        expectWitnessRefused(await verify(forged), 'proposal hash is not its own');
    });

    it('fails for another channel, the proposal hash recomputed', async () => {
        const forged = await world.forge((parts) => parts.channelHeader.setChannelId('sandbox'), {
            rehashProposal: true,
        });
        expectWitnessRefused(await verify(forged), 'on channel sandbox, not lending');
    });

    it('fails for another chaincode having run the read', async () => {
        const forged = await world.forge((parts) => parts.chaincodeAction.getChaincodeId()!.setName('other'));
        expectWitnessRefused(await verify(forged), /ran other, not lendledger/);
    });

    it('fails when the endorsers are clients, not peers, of their organisations', async () => {
        const client = await outsiderCredential({ commonName: 'User9', organisationalUnit: 'client' });
        const bundle = fixtureRoots();
        const trust = new TrustStore(
            withRoots(bundle, 'BankMSP', [...rootsOf(bundle, 'BankMSP'), client.ca.certificatePem]),
            defaultSignatureVerifier(),
        );
        const parts = openWitness(receipt);
        const endorser = serializedIdentity('BankMSP', client.certificatePem);
        parts.endorsed.getEndorsementsList()[1]!.setEndorser(endorser);
        const sealed = await sealWitness(receipt, parts, {
            signEndorsement: async (message, bytes) =>
                bytes.length === endorser.length ? signLikeFabric(client.privateKey, message) : undefined,
        });
        const result = await verifyReceipt(sealed, { roots: trust });
        expectWitnessRefused(result, /1 of 2 required organisations witnessed validly/);
    });
});

/*
 * Revocation of a witnessing peer. The witness's own time is what its (never submitted) creator wrote, so a forger
 * holding peer keys revoked before the evidence can date the witness before the revocation. A witness is made after
 * the write it witnesses committed, so its endorsers are judged no earlier than the evidence's time.
 */
describe.each(KINDS)('a %s receipt’s witness signed by peer keys revoked before the evidence', (kind) => {
    const receipt = fixtureReceipt(kind);

    async function revokedWorld(revokedAt: Date): Promise<{
        roots: TrustStore;
        forge: (witnessTime: Date) => Promise<Receipt>;
    }> {
        const peers = new Map<string, TestMember>();
        let bundle = fixtureRoots();
        for (const endorsement of openWitness(receipt).endorsed.getEndorsementsList()) {
            const mspId = mspOf(endorsement.getEndorser_asU8());
            const member = await newTestMember(mspId);
            peers.set(mspId, member);
            const peer = member.identities.peer;
            const crl = await newCrl(member.ca, [{ serial: peer.serial, at: revokedAt }]);
            bundle = withRoots(bundle, mspId, [...rootsOf(bundle, mspId), member.ca.pem]);
            bundle = {
                ...bundle,
                members: bundle.members.map((m) => (m.mspId === mspId ? { ...m, crls: [...m.crls, crl] } : m)),
            };
        }
        return {
            roots: new TrustStore(bundle, defaultSignatureVerifier()),
            forge: async (witnessTime) => {
                const parts = openWitness(receipt);
                const keys = new Map<string, TestMember>();
                for (const endorsement of parts.endorsed.getEndorsementsList()) {
                    const mspId = mspOf(endorsement.getEndorser_asU8());
                    const endorser = serializedIdentity(mspId, peers.get(mspId)!.identities.peer.pem);
                    endorsement.setEndorser(endorser);
                    keys.set(toBase64(endorser), peers.get(mspId)!);
                }
                parts.channelHeader.getTimestamp()!.setSeconds(Math.floor(witnessTime.getTime() / 1000));
                parts.channelHeader.getTimestamp()!.setNanos(0);
                return sealWitness(receipt, parts, {
                    rehashProposal: true,
                    signEndorsement: (message, endorser) =>
                        signLikeFabric(keys.get(toBase64(endorser))!.identities.peer.keys.privateKey, message),
                });
            },
        };
    }

    async function evidenceTime(): Promise<Date> {
        const reason = check(await verifyReceipt(receipt, { roots }), 'trusted-time').reason;
        return new Date(/no later than (\S+),/.exec(reason)![1]!);
    }

    it('passes when the revocation came after the evidence and the witness (the control)', async () => {
        const at = await evidenceTime();
        const world = await revokedWorld(new Date(at.getTime() + 86_400_000));
        const result = await verifyReceipt(await world.forge(at), { roots: world.roots });
        expect(check(result, 'validity-witness').status).toBe('pass');
    });

    it('fails when the witness is dated before a revocation that precedes the evidence', async () => {
        const at = await evidenceTime();
        const revokedAt = new Date(at.getTime() - 86_400_000);
        const world = await revokedWorld(revokedAt);
        const forged = await world.forge(new Date(revokedAt.getTime() - 86_400_000));
        expectWitnessRefused(await verifyReceipt(forged, { roots: world.roots }), /was revoked on/);
    });
});
