import { describe, expect, it } from 'vitest';
import { type KeyWrite } from '../decode/endorser-action.js';
import { utf8 } from '../encoding/bytes.js';
import { claimMatchesLedger, recordedTree, type RecordedTree } from './recorded-tree.js';

const ROOT = 'ab'.repeat(32);
const FINGERPRINT = `sha256:${'cd'.repeat(32)}`;
const ANCHOR_KEY = `\u0000anchor\u0000${ROOT}\u0000`;
const SEALED_KEY = `\u0000anchor.sealed\u0000${ROOT}\u0000`;
const INDEX_KEY = `\u0000anchor.fp\u0000${FINGERPRINT}\u0000${ROOT}\u0000`;

function write(key: string, value: unknown, namespace = 'lendledger'): KeyWrite {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return { namespace, key, isDelete: false, value: utf8(text) };
}

const record = {
    anchorId: ROOT,
    root: ROOT,
    size: 5,
    leafEncoding: 'utf8-canonical-fingerprint',
    treeAlgorithm: 'rfc9162-sha256',
};

describe('recordedTree', () => {
    it('reads an anchor’s size from its record and the fingerprint’s index from its entry', () => {
        const result = recordedTree(
            [write(ANCHOR_KEY, record), write(INDEX_KEY, '2')],
            'lendledger',
            ANCHOR_KEY,
            FINGERPRINT,
        );

        expect(result).toEqual({ ok: true, tree: { kind: 'anchor', anchorId: ROOT, root: ROOT, size: 5, index: 2 } });
    });

    it('reads a sealed batch’s size, with no index', () => {
        const result = recordedTree([write(SEALED_KEY, { ...record, size: 7 })], 'lendledger', SEALED_KEY, FINGERPRINT);

        expect(result).toEqual({
            ok: true,
            tree: { kind: 'sealed', anchorId: ROOT, root: ROOT, size: 7, index: undefined },
        });
    });

    it.each([
        [
            'a root written by some other record',
            [write('\u0000probe\u0000x\u0000', { value: ROOT })],
            '\u0000probe\u0000x\u0000',
            /records no tree size/,
        ],
        ['a batch key the transaction did not write', [], ANCHOR_KEY, /writes no batch record/],
        [
            'the key written in another namespace',
            [write(ANCHOR_KEY, record, 'other')],
            ANCHOR_KEY,
            /writes no batch record/,
        ],
        ['a record without a size', [write(ANCHOR_KEY, { ...record, size: '5' })], ANCHOR_KEY, /holds no tree size/],
        [
            'a record of another tree algorithm',
            [write(ANCHOR_KEY, { ...record, treeAlgorithm: 'x' })],
            ANCHOR_KEY,
            /x tree/,
        ],
        ['an anchor without the fingerprint’s entry', [write(ANCHOR_KEY, record)], ANCHOR_KEY, /no leaf index/],
        ['an entry outside the tree', [write(ANCHOR_KEY, record), write(INDEX_KEY, '5')], ANCHOR_KEY, /no leaf index/],
        [
            'an entry that is not a bare integer',
            [write(ANCHOR_KEY, record), write(INDEX_KEY, '02')],
            ANCHOR_KEY,
            /no leaf index/,
        ],
    ])('refuses %s', (_case, writes: KeyWrite[], key: string, reason: RegExp) => {
        const result = recordedTree(writes, 'lendledger', key, FINGERPRINT);

        expect(result.ok).toBe(false);
        expect(result.ok ? '' : result.reason).toMatch(reason);
    });
});

describe('claimMatchesLedger', () => {
    const anchor: RecordedTree = { kind: 'anchor', anchorId: ROOT, root: ROOT, size: 5, index: 2 };
    const sealed: RecordedTree = { ...anchor, kind: 'sealed', size: 7, index: undefined };
    const claim = { anchorId: ROOT, root: ROOT, index: 2, treeSize: 5 };

    it('accepts the recorded position, and a sealed leaf whose index only the path can pin', () => {
        expect(claimMatchesLedger(claim, anchor, FINGERPRINT)).toEqual({ ok: true });
        expect(claimMatchesLedger({ ...claim, index: 6, treeSize: 7 }, sealed, FINGERPRINT)).toEqual({ ok: true });
    });

    it.each([
        ['another size', { ...claim, treeSize: 6 }, /claims a tree of 6 leaves, the ledger recorded 5/],
        ['another index', { ...claim, index: 3 }, /claims leaf 3, the ledger recorded .* as leaf 2/],
        ['another anchor ID', { ...claim, anchorId: 'ef'.repeat(32) }, /names anchor/],
        ['another root', { ...claim, root: 'ef'.repeat(32) }, /names root/],
    ])('refuses %s', (_case, moved, reason) => {
        const verdict = claimMatchesLedger(moved, anchor, FINGERPRINT);

        expect(verdict.ok ? '' : verdict.reason).toMatch(reason);
    });
});
