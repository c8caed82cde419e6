import { summarise } from '../receipt/summarise.js';
import { type CheckContext } from './check-context.js';
import { fail, pass, type CheckResult } from './check-result.js';

/**
 * `summary`: the receipt's human-readable summary is exactly what the block's bytes say. BFT consenters sign by
 * number; a builder that had the consenter set names them, one that did not says "consenter #n", and both are what
 * the bytes say, so either derivation is accepted.
 */
export function checkSummary(ctx: CheckContext): CheckResult {
    const { receipt } = ctx;
    const input = {
        evidence: ctx.evidence,
        fingerprint: receipt.fingerprint,
        write: receipt.write,
        anchor: receipt.anchor,
    };
    const derived = summarise({ ...input, policy: ctx.policy });
    if (sameJson(receipt.summary, derived)) {
        return pass('summary', derived.statement);
    }
    const unnamed = summarise(input);
    if (sameJson(receipt.summary, unnamed)) {
        return pass('summary', unnamed.statement);
    }
    const stated = receipt.summary as unknown as Record<string, unknown>;
    const differing = Object.entries(derived).filter(([key, value]) => !sameJson(stated[key], value));
    const names = differing.map(([key]) => key).join(', ') || 'members the block does not have';
    return fail('summary', `the summary differs from what the block says in: ${names}`);
}

/** Deep equality of JSON values; member order does not matter, as in canonical JSON. */
function sameJson(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
        return false;
    }
    if (Array.isArray(a) !== Array.isArray(b)) {
        return false;
    }
    const aKeys = Object.keys(a);
    const bRecord = b as Record<string, unknown>;
    return (
        aKeys.length === Object.keys(b).length &&
        aKeys.every((key) => Object.hasOwn(bRecord, key) && sameJson((a as Record<string, unknown>)[key], bRecord[key]))
    );
}
