import { describe, expect, it } from 'vitest';
import { fixtureRoots } from '../testing/fixtures.js';
import { parseRootsBundle, RootsBundleError, serialiseRootsBundle } from './roots-bundle.js';

const bundle = fixtureRoots();

describe('parseRootsBundle', () => {
    it('reads the JSON form with the five organisations and the ordering service', () => {
        expect(Object.keys(bundle.roots).sort()).toEqual([
            'BankMSP',
            'CourtMSP',
            'InvestorMSP',
            'NotaryMSP',
            'OrdererMSP',
            'PlatformMSP',
        ]);
        expect(parseRootsBundle(serialiseRootsBundle(bundle))).toEqual(bundle);
    });

    it('reads the PEM form, MSP labels with or without #', () => {
        const text = `# roots\nMSP: BankMSP\n${bundle.roots.BankMSP![0]}\n# MSP: OrdererMSP\n${bundle.roots.OrdererMSP![0]}`;

        const parsed = parseRootsBundle(text);

        expect(parsed.roots).toEqual({ BankMSP: bundle.roots.BankMSP, OrdererMSP: bundle.roots.OrdererMSP });
    });

    it('throws RootsBundleError naming the problem', () => {
        expect(() => parseRootsBundle('{"format":"other"}')).toThrow(/"format" must be "lendledger-roots\/1"/);
        expect(() => parseRootsBundle(bundle.roots.BankMSP![0]!)).toThrow(/before any "MSP: <id>" line/);
        expect(() => parseRootsBundle('{"format":"lendledger-roots/1","roots":{"A":["x"]}}')).toThrow(RootsBundleError);
        expect(() => parseRootsBundle('{"format":"lendledger-roots/1","roots":{}}')).toThrow(/no root certificate/);
    });
});
