import {
    bftQuorum,
    type ConsortiumConsenter,
    type ConsortiumOrdering,
    type EarlierOrdering,
    type OrderingArrangement,
} from '@lendledger/domain';
import { toHex } from '../encoding/bytes.js';
import { pemCertificates } from '../x509/pem.js';
import { orderingOf, RootsBundleError, type RootsBody } from './roots-bundle.js';
import { ROOTS_GOVERNANCE_CODES as CODES, RootsGovernanceError } from './roots-governance-error.js';

/*
 * The ordering history a roots bundle keeps (verifier/README.md, "Ordering history"): blocks are judged by the
 * arrangement that signed them, so an update may only append to `ordering.earlier`, and only the arrangement it
 * replaces. Changing the consenters needs the consent of organisations running a quorum of the old ones, and BFT
 * never gives way to Raft.
 */

/** The arrangement a bundle has in force, as an `earlier` entry would record it (a Raft one names its orderer MSP). */
type Arrangement = EarlierOrdering extends infer E
    ? E extends EarlierOrdering
        ? Omit<E, 'untilBlock'>
        : never
    : never;

/** The arrangement in force in `bundle`, as an `earlier` entry records it once replaced. */
function arrangementOf(bundle: RootsBody): Arrangement {
    const ordering = orderingOf(bundle);
    return ordering.consensus === 'BFT'
        ? { consensus: 'BFT', consenters: ordering.consenters }
        : { consensus: 'etcdraft', mspId: bundle.orderers[0]?.mspId ?? '' };
}

/**
 * Whether two arrangements differ in what a block signature is checked against: the consensus, and for BFT the
 * consenters (number, organisation and certificate, in any order). A Raft service changing its ordering
 * organisation is not recorded: the bundle lists one ordering organisation under Raft, as before.
 */
function sameArrangement(a: OrderingArrangement, b: OrderingArrangement): boolean {
    if (a.consensus !== b.consensus) {
        return false;
    }
    return a.consensus === 'etcdraft' || b.consensus === 'etcdraft' || setKey(a.consenters) === setKey(b.consenters);
}

/** The same entry exactly: its end, its consensus, and its ordering organisation or consenters. */
function sameEntry(a: EarlierOrdering, b: EarlierOrdering): boolean {
    if (a.untilBlock !== b.untilBlock || a.consensus !== b.consensus) {
        return false;
    }
    if (a.consensus === 'etcdraft' || b.consensus === 'etcdraft') {
        return a.consensus === 'etcdraft' && b.consensus === 'etcdraft' && a.mspId === b.mspId;
    }
    return setKey(a.consenters) === setKey(b.consenters);
}

function setKey(consenters: readonly ConsortiumConsenter[]): string {
    return consenters
        .map((c) => `${c.id}|${c.mspId}|${certificateKey(c.identity)}`)
        .sort()
        .join('\n');
}

/** Hex of the DER, so that PEM line breaks do not count as a change; the text itself when it holds none. */
function certificateKey(pem: string): string {
    const [der] = pemCertificates(pem);
    return der === undefined ? pem : toHex(der);
}

/**
 * The ordering an update of `previous` states when its current arrangement is `next`: `previous`'s history, plus
 * `previous`'s arrangement ending at `untilBlock` when `next` replaces it.
 *
 * @param untilBlock - the last block `previous`'s arrangement signed; needed only when the arrangement changes.
 * @throws {@link RootsBundleError} when the arrangement changes and no `untilBlock` is given.
 */
export function orderingAfter(previous: RootsBody, next: OrderingArrangement, untilBlock?: number): ConsortiumOrdering {
    const earlier = orderingOf(previous).earlier ?? [];
    const replaced = arrangementOf(previous);
    if (sameArrangement(replaced, next)) {
        return earlier.length === 0 ? next : { ...next, earlier };
    }
    if (untilBlock === undefined) {
        throw new RootsBundleError(
            `the ordering changes from version ${previous.version}'s, so the last block its arrangement signed must be given`,
        );
    }
    return { ...next, earlier: [...earlier, { untilBlock, ...replaced }] };
}

/**
 * Checks how `update` changes `previous`'s ordering:
 * - BFT never gives way to Raft (`ROOTS_ORDERING_DOWNGRADE`): a majority of member admins must not be able to put
 *   one operator back in charge of every block;
 * - `ordering.earlier` is `previous`'s history, plus `previous`'s arrangement when the update replaces it, ending no
 *   earlier than the entry before it (`ROOTS_ORDERING_HISTORY_REWRITTEN`): otherwise old receipts would be judged by
 *   consenters that never signed them, or by ones an update slipped in;
 * - a changed consenter set is signed by admins of organisations that ran a quorum of `previous`'s consenters
 *   (`ROOTS_CONSENTER_QUORUM`), as the channel's own consenters must agree to a change of the ordering service.
 *
 * @param signers - the organisations whose admins' signatures on `update` verified.
 * @throws {@link RootsGovernanceError} naming the rule broken.
 */
export function checkOrderingChange(previous: RootsBody, update: RootsBody, signers: ReadonlySet<string>): void {
    const before = arrangementOf(previous);
    const after = arrangementOf(update);
    if (before.consensus === 'BFT' && after.consensus === 'etcdraft') {
        throw new RootsGovernanceError(
            CODES.orderingDowngrade,
            update.version,
            `it returns the ordering to Raft from version ${previous.version}'s BFT; a BFT ordering service never gives way to Raft`,
        );
    }
    checkHistory(previous, update, before, !sameArrangement(before, after));
    if (before.consensus === 'BFT' && after.consensus === 'BFT' && !sameArrangement(before, after)) {
        checkConsenterConsent(previous, update, before.consenters, signers);
    }
}

function checkHistory(previous: RootsBody, update: RootsBody, replaced: Arrangement, changed: boolean): void {
    const kept = orderingOf(previous).earlier ?? [];
    const now = orderingOf(update).earlier ?? [];
    const refuse = (reason: string): never => {
        throw new RootsGovernanceError(CODES.historyRewritten, update.version, `ordering.earlier ${reason}`);
    };
    kept.forEach((entry, i) => {
        const seen = now[i];
        if (seen === undefined || !sameEntry(entry, seen)) {
            refuse(
                `${seen === undefined ? 'drops' : 'edits'} entry ${i} of version ${previous.version}'s history (${entry.consensus} until block ${entry.untilBlock}); the history may only be appended to`,
            );
        }
    });
    const appended = now.slice(kept.length);
    if (!changed) {
        if (appended.length > 0) {
            refuse(`adds ${appended.length} arrangement(s), but version ${previous.version}'s is still in force`);
        }
        return;
    }
    const [entry, ...more] = appended;
    if (entry === undefined || more.length > 0 || !sameEntry(entry, { ...replaced, untilBlock: entry.untilBlock })) {
        return refuse(
            `must end with exactly version ${previous.version}'s arrangement (${replaced.consensus}), which the update replaces, and the last block it signed`,
        );
    }
    const floor = kept.at(-1)?.untilBlock ?? 0;
    if (entry.untilBlock < floor) {
        refuse(`ends version ${previous.version}'s arrangement at block ${entry.untilBlock}, before block ${floor}`);
    }
}

function checkConsenterConsent(
    previous: RootsBody,
    update: RootsBody,
    consenters: readonly ConsortiumConsenter[],
    signers: ReadonlySet<string>,
): void {
    const quorum = bftQuorum(consenters.length);
    const consenting = consenters.filter((c) => signers.has(c.mspId));
    if (consenting.length < quorum) {
        const operators = [...new Set(consenting.map((c) => c.mspId))].sort().join(', ') || 'none';
        throw new RootsGovernanceError(
            CODES.consenterQuorum,
            update.version,
            `it changes the consenter set, so admins of organisations running a quorum (${quorum} of ${consenters.length}) of version ${previous.version}'s consenters must sign it; the signers run ${consenting.length} (${operators})`,
        );
    }
}

/** Organisations running a consenter in `bundle`'s current arrangement: their admins may sign its updates. */
export function consenterOperatorsOf(bundle: RootsBody): readonly string[] {
    const ordering = orderingOf(bundle);
    return ordering.consensus === 'BFT' ? [...new Set(ordering.consenters.map((c) => c.mspId))] : [];
}
