import { ABS_EVENTS, canonicalJson, CONSENT_EVENTS, EVIDENCE_EVENTS, PROBE_EVENTS } from '@lendledger/domain';

/**
 * Who may receive a chaincode event, decided by the same chaincode reads the queries use. The gateway streams an
 * event to a caller only if the chaincode, asked under the caller's own Fabric identity, answers the read of the
 * thing the event is about: so the event stream can never show what the query hides, and the rule stays written
 * once, in the chaincode's access matrices.
 */

/** A chaincode read that succeeds only for callers who may see one object. */
export interface ReadCheck {
    /** The object, as a cache key: `loan:<loanRef>`, `case:<caseId>`, `evidence:<id>`, `consent:<id>`, `deal:<id>`. */
    readonly object: string;
    readonly name: string;
    readonly args: readonly string[];
}

/** Who an event is for. */
export type EventAudience =
    /** Every member may read what it is about (anchors, probes). */
    | { readonly kind: 'members' }
    /** Whoever passes the check. */
    | { readonly kind: 'object'; readonly check: ReadCheck }
    /** Each entry of `payload.items` goes to whoever passes that item's check; the event carries only those. */
    | { readonly kind: 'items'; readonly items: readonly unknown[]; readonly checks: readonly ReadCheck[] }
    /** An event this gateway does not know, or whose payload names nothing it can check: sent to nobody. */
    | { readonly kind: 'nobody'; readonly reason: string };

/** Events about things every member may read: `Anchor:*` and `Probe:Get` admit every member. */
const MEMBER_EVENTS: ReadonlySet<string> = new Set([
    EVIDENCE_EVENTS.anchorCreated,
    EVIDENCE_EVENTS.batchSealed,
    PROBE_EVENTS.written,
]);

const LOAN_EVENTS: ReadonlySet<string> = new Set([
    EVIDENCE_EVENTS.registered,
    EVIDENCE_EVENTS.corrected,
    EVIDENCE_EVENTS.withdrawn,
]);

const CONSENT_EVENT_NAMES: ReadonlySet<string> = new Set(Object.values(CONSENT_EVENTS));

/** Every ABS event names its deal (its payload type says so); `AbsDeal:GetDeal` admits the deal's readers. */
const ABS_EVENT_NAMES: ReadonlySet<string> = new Set(Object.values(ABS_EVENTS));

/** The read that decides who may see a loan's evidence (`requireLoanReader` in the chaincode). */
export function loanCheck(loanRef: string): ReadCheck {
    return readCheck(`loan:${loanRef}`, 'Evidence:GetLoan', { loanRef });
}

function caseCheck(caseId: string): ReadCheck {
    return readCheck(`case:${caseId}`, 'Case:Get', { caseId });
}

function evidenceCheck(id: string): ReadCheck {
    return readCheck(`evidence:${id}`, 'Evidence:Get', { id });
}

function consentCheck(consentId: string): ReadCheck {
    return readCheck(`consent:${consentId}`, 'Consent:Get', { consentId });
}

function dealCheck(dealId: string): ReadCheck {
    return readCheck(`deal:${dealId}`, 'AbsDeal:GetDeal', { dealId });
}

/**
 * A check whose `args` are encoded only when read: ReadDecisions reads them only to ask the chaincode, on a cache
 * miss, while every stream builds the checks of every event (a batch names up to a thousand items).
 */
function readCheck(object: string, name: string, request: Readonly<Record<string, string>>): ReadCheck {
    return {
        object,
        name,
        get args(): readonly string[] {
            return [canonicalJson(request)];
        },
    };
}

/** Whether every member may read what the event is about, which its name alone decides. */
export function isMemberEvent(eventName: string): boolean {
    return MEMBER_EVENTS.has(eventName);
}

/**
 * The audience of one event from its name and parsed payload. Fails closed: an unknown event name or a payload
 * without the reference its name promises is for nobody.
 */
export function audienceOf(eventName: string, payload: unknown): EventAudience {
    if (isMemberEvent(eventName)) {
        return { kind: 'members' };
    }
    if (LOAN_EVENTS.has(eventName)) {
        return itemsAudience(payload, (item) => textField(item, 'loanRef'), loanCheck);
    }
    if (eventName === EVIDENCE_EVENTS.caseFiled) {
        return itemsAudience(payload, (item) => textField(item, 'caseId'), caseCheck);
    }
    if (eventName === EVIDENCE_EVENTS.caseTransitioned) {
        return objectAudience(textField(payload, 'caseId'), caseCheck);
    }
    if (eventName === EVIDENCE_EVENTS.attestationRecorded) {
        return attestationAudience(payload);
    }
    if (CONSENT_EVENT_NAMES.has(eventName)) {
        // `Consent:RecordBatch` and `Consent:UseBatch` name their consents in `items`, one check each.
        return fieldOf(payload, 'items') === undefined
            ? objectAudience(textField(payload, 'consentId'), consentCheck)
            : itemsAudience(payload, (item) => textField(item, 'consentId'), consentCheck);
    }
    if (ABS_EVENT_NAMES.has(eventName)) {
        return objectAudience(textField(payload, 'dealId'), dealCheck);
    }
    return { kind: 'nobody', reason: 'unknown event' };
}

/** The loans a `case.filed` event opens to the courts named in it: their cached read decisions are stale. */
export function loansOpenedBy(eventName: string, payload: unknown): string[] {
    if (eventName !== EVIDENCE_EVENTS.caseFiled) {
        return [];
    }
    return itemsOf(payload)
        .map((item) => textField(item, 'loanRef'))
        .filter((loanRef): loanRef is string => loanRef !== undefined);
}

function attestationAudience(payload: unknown): EventAudience {
    const target = fieldOf(payload, 'target');
    const id = textField(target, 'id');
    const kind = fieldOf(target, 'kind');
    if (kind === 'EVIDENCE') {
        return objectAudience(id, evidenceCheck);
    }
    if (kind === 'CASE') {
        return objectAudience(id, caseCheck);
    }
    return { kind: 'nobody', reason: 'attestation without a known target' };
}

function objectAudience(reference: string | undefined, check: (reference: string) => ReadCheck): EventAudience {
    return reference === undefined
        ? { kind: 'nobody', reason: 'payload without its reference' }
        : { kind: 'object', check: check(reference) };
}

function itemsAudience(
    payload: unknown,
    referenceOf: (item: unknown) => string | undefined,
    check: (reference: string) => ReadCheck,
): EventAudience {
    const items = itemsOf(payload);
    const references = items.map(referenceOf);
    if (items.length === 0 || references.some((reference) => reference === undefined)) {
        return { kind: 'nobody', reason: 'payload items without their reference' };
    }
    return { kind: 'items', items, checks: references.map((reference) => check(reference!)) };
}

function itemsOf(payload: unknown): readonly unknown[] {
    const items = fieldOf(payload, 'items');
    return Array.isArray(items) ? items : [];
}

function fieldOf(value: unknown, name: string): unknown {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)[name]
        : undefined;
}

function textField(value: unknown, name: string): string | undefined {
    const field = fieldOf(value, name);
    return typeof field === 'string' && field !== '' ? field : undefined;
}
