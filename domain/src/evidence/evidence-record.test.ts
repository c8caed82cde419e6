import { describe, expect, it } from 'vitest';
import { withdrawalIdOf } from './evidence-record.js';

describe('withdrawalIdOf', () => {
    it('prefixes the withdrawn record', () => {
        const id = `sha256:${'1'.repeat(64)}`;
        expect(withdrawalIdOf(id)).toBe(`withdrawal:${id}`);
    });
});
