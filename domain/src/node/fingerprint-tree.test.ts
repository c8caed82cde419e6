import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { fingerprintLeaf } from '../evidence/fingerprint.js';
import { fingerprintTreeRoot } from './fingerprint-tree.js';
import { merkleRoot } from './merkle.js';

const DIGEST = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('fingerprint trees', () => {
    it('root the UTF-8 canonical strings of the fingerprints as RFC 9162 leaves', () => {
        const fingerprints = [`sha256:${DIGEST}`, `sm3:${DIGEST}`];
        expect(fingerprintTreeRoot(fingerprints)).toBe(toHex(merkleRoot(fingerprints.map(fingerprintLeaf))));
    });
});
