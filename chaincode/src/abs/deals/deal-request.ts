import {
    COMPARATORS,
    CUMULATIVE_BASES,
    type CreateDealRequest,
    type DealDates,
    type DealDocument,
    type DealParty,
    MAX_DEAL_INVESTORS,
    MEMBER_MSP_IDS,
    MSP_ID_PATTERN,
    PARTY_ROLES,
    type ThresholdStep,
    type Tranche,
    TRIGGER_CONSEQUENCES,
    TRIGGER_METRICS,
    type TriggerDefinition,
    CODE_PATTERN,
    MAX_RATE_BPS,
    RATING_PATTERN,
} from '@lendledger/domain';
import {
    asFields,
    type Fields,
    flag,
    integer,
    isoDate,
    list,
    oneOf,
    optionalText,
    text,
} from '../../core/request-fields.js';
import { dealIdOf, fingerprintOf, invalidField, requireUnique } from '../fields.js';
import { parseWaterfallTerms } from './waterfall-terms.js';

/** Parsing and validating the request of `AbsDeal:CreateDeal`. */

const MAX_PARTIES = 30;
const MAX_TRANCHES = 20;
const MAX_TRIGGERS = 20;
const MAX_THRESHOLD_STEPS = 120;
const MAX_DOCUMENTS = 20;

/**
 * Parses a CreateDeal request.
 *
 * @throws ChaincodeError INVALID_ARGUMENT naming the field at fault (shape, range, order or repetition).
 */
export function parseCreateDeal(fields: Fields): CreateDealRequest {
    const revolving = flag(fields, 'revolving');
    const request: CreateDealRequest = {
        dealId: dealIdOf(fields),
        investors: investorsOf(fields),
        accountBankMspId: mspIdOf(fields, 'accountBankMspId'),
        nameFingerprint: fingerprintOf(fields, 'nameFingerprint'),
        revolving,
        parties: list(fields, 'parties', { max: MAX_PARTIES }).map((item, i) => parseParty(item, `parties[${i}]`)),
        dates: parseDates(asFields(fields.dates, 'dates'), revolving),
        tranches: parseTranches(fields),
        definitions: parseDefinitions(asFields(fields.definitions, 'definitions')),
        triggers: parseTriggers(fields),
        documents: parseDocuments(fields),
    };
    const waterfall = parseWaterfallTerms(fields);
    // Absent, the record has no `waterfall` key at all: a deal without terms is stored as it was before.
    return waterfall === undefined ? request : { ...request, waterfall };
}

/**
 * The `investors` list: MSP IDs of the holders, at least one and at most {@link MAX_DEAL_INVESTORS}, distinct,
 * returned sorted (the list is a set; its order carries nothing). Whether each holds role investor is the
 * registry's, checked when the deal is written.
 */
/** An MSP ID field. */
function mspIdOf(fields: Fields, name: string): string {
    const value = fields[name];
    if (typeof value !== 'string' || value.length > 64 || !MSP_ID_PATTERN.test(value)) {
        throw invalidField(name, 'must be an MSP ID');
    }
    return value;
}

export function investorsOf(fields: Fields): string[] {
    const investors = list(fields, 'investors', { min: 1, max: MAX_DEAL_INVESTORS }).map((item, i) => {
        if (typeof item !== 'string' || item.length > 64 || !MSP_ID_PATTERN.test(item)) {
            throw invalidField(`investors[${i}]`, 'must be an MSP ID');
        }
        return item;
    });
    requireUnique(investors, 'investors');
    return [...investors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function parseParty(item: unknown, path: string): DealParty {
    const fields = asFields(item, path);
    const mspId = fields.mspId === undefined ? undefined : oneOf(fields, 'mspId', MEMBER_MSP_IDS, { path });
    return {
        role: oneOf(fields, 'role', PARTY_ROLES, { path }),
        nameFingerprint: fingerprintOf(fields, 'nameFingerprint', { path }),
        ...(mspId === undefined ? {} : { mspId }),
    };
}

function parseDates(fields: Fields, revolving: boolean): DealDates {
    const path = 'dates';
    const dates = {
        cutOffDate: isoDate(fields, 'cutOffDate', { path }),
        closingDate: isoDate(fields, 'closingDate', { path }),
        firstPaymentDate: isoDate(fields, 'firstPaymentDate', { path }),
        legalMaturityDate: isoDate(fields, 'legalMaturityDate', { path }),
    };
    requireOrder([
        ['cutOffDate', dates.cutOffDate],
        ['closingDate', dates.closingDate],
        ['firstPaymentDate', dates.firstPaymentDate],
        ['legalMaturityDate', dates.legalMaturityDate],
    ]);
    if (!revolving) {
        if (fields.revolvingEndDate !== undefined) {
            throw invalidField('dates.revolvingEndDate', 'is only for revolving deals');
        }
        return dates;
    }
    const revolvingEndDate = isoDate(fields, 'revolvingEndDate', { path });
    requireOrder([
        ['closingDate', dates.closingDate],
        ['revolvingEndDate', revolvingEndDate],
        ['legalMaturityDate', dates.legalMaturityDate],
    ]);
    return { ...dates, revolvingEndDate };
}

/** Calendar dates `YYYY-MM-DD` compare correctly as strings. */
function requireOrder(dates: readonly (readonly [string, string])[]): void {
    for (let i = 1; i < dates.length; i++) {
        const [previousName, previous] = dates[i - 1]!;
        const [name, date] = dates[i]!;
        if (date < previous) {
            throw invalidField(`dates.${name}`, `must not be before ${previousName}`, { after: previousName });
        }
    }
}

function parseTranches(fields: Fields): Tranche[] {
    const tranches = list(fields, 'tranches', { max: MAX_TRANCHES }).map((item, i): Tranche => {
        const path = `tranches[${i}]`;
        const tranche = asFields(item, path);
        const rating = optionalText(tranche, 'rating', { path, pattern: RATING_PATTERN, max: 16 });
        return {
            trancheId: text(tranche, 'trancheId', { path, pattern: CODE_PATTERN, max: 32 }),
            originalBalance: integer(tranche, 'originalBalance', { path, min: 1 }),
            rank: integer(tranche, 'rank', { path, min: 1, max: MAX_TRANCHES }),
            couponBps: integer(tranche, 'couponBps', { path, min: 0, max: MAX_RATE_BPS }),
            ...(rating === undefined ? {} : { rating }),
        };
    });
    requireUnique(
        tranches.map((tranche) => tranche.trancheId),
        'tranches',
    );
    return tranches;
}

function parseDefinitions(fields: Fields): CreateDealRequest['definitions'] {
    const path = 'definitions';
    return {
        defaultDaysPastDue: integer(fields, 'defaultDaysPastDue', { path, min: 1, max: 3650 }),
        cumulativeBasis: oneOf(fields, 'cumulativeBasis', CUMULATIVE_BASES, { path }),
        cleanUpThresholdPpm: integer(fields, 'cleanUpThresholdPpm', { path, min: 0, max: 1_000_000 }),
    };
}

function parseTriggers(fields: Fields): TriggerDefinition[] {
    const triggers = list(fields, 'triggers', { min: 0, max: MAX_TRIGGERS }).map((item, i): TriggerDefinition => {
        const path = `triggers[${i}]`;
        const trigger = asFields(item, path);
        return {
            triggerId: text(trigger, 'triggerId', { path, pattern: CODE_PATTERN, max: 32 }),
            metric: oneOf(trigger, 'metric', TRIGGER_METRICS, { path }),
            comparator: oneOf(trigger, 'comparator', COMPARATORS, { path }),
            thresholds: parseThresholds(trigger, path),
            consequence: oneOf(trigger, 'consequence', TRIGGER_CONSEQUENCES, { path }),
        };
    });
    requireUnique(
        triggers.map((trigger) => trigger.triggerId),
        'triggers',
    );
    return triggers;
}

function parseThresholds(trigger: Fields, triggerPath: string): ThresholdStep[] {
    const steps = list(trigger, 'thresholds', { path: triggerPath, max: MAX_THRESHOLD_STEPS }).map((item, i) => {
        const path = `${triggerPath}.thresholds[${i}]`;
        const step = asFields(item, path);
        return {
            fromPeriod: integer(step, 'fromPeriod', { path, min: 1, max: 9999 }),
            valuePpm: integer(step, 'valuePpm', { path, min: 0, max: 1_000_000 }),
        };
    });
    if (steps[0]!.fromPeriod !== 1) {
        throw invalidField(`${triggerPath}.thresholds[0].fromPeriod`, 'must be 1 so that every period has a threshold');
    }
    steps.forEach((step, i) => {
        if (i > 0 && step.fromPeriod <= steps[i - 1]!.fromPeriod) {
            throw invalidField(`${triggerPath}.thresholds[${i}].fromPeriod`, 'must increase strictly');
        }
    });
    return steps;
}

function parseDocuments(fields: Fields): DealDocument[] {
    if (fields.documents === undefined) {
        return [];
    }
    return list(fields, 'documents', { min: 0, max: MAX_DOCUMENTS }).map((item, i) => {
        const path = `documents[${i}]`;
        const document = asFields(item, path);
        return {
            type: text(document, 'type', { path, pattern: CODE_PATTERN, max: 32 }),
            fingerprint: fingerprintOf(document, 'fingerprint', { path }),
        };
    });
}
