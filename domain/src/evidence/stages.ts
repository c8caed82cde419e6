import { MSP_IDS, type OrgMspId } from '../orgs.js';

/**
 * The loan lifecycle stages an evidence record belongs to, in lifecycle order. Who may write each stage and which
 * stages must already be on a loan's chain are fixed here, so the chaincode, the gateway and a court's verifier
 * apply the same rules.
 */
export const LIFECYCLE_STAGES = [
    'IDENTITY_VERIFICATION',
    'CREDIT_AUTHORIZATION',
    'CONTRACT_SIGNING',
    'DISBURSEMENT',
    'REPAYMENT',
    'OVERDUE_NOTICE',
    'COLLECTION',
    'DISPUTE',
    'OTHER',
] as const;

/** A loan lifecycle stage. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

const PLATFORM: readonly OrgMspId[] = [MSP_IDS.platform];
const BANK: readonly OrgMspId[] = [MSP_IDS.bank];

/**
 * Which organisations may write each stage: the platform holds pre-loan evidence, the bank loan and post-loan
 * evidence; both may file `OTHER`.
 */
export const STAGE_WRITERS: Readonly<Record<LifecycleStage, readonly OrgMspId[]>> = Object.freeze({
    IDENTITY_VERIFICATION: PLATFORM,
    CREDIT_AUTHORIZATION: PLATFORM,
    CONTRACT_SIGNING: PLATFORM,
    DISBURSEMENT: BANK,
    REPAYMENT: BANK,
    OVERDUE_NOTICE: BANK,
    COLLECTION: BANK,
    DISPUTE: BANK,
    OTHER: [MSP_IDS.platform, MSP_IDS.bank],
});

/**
 * Ordering rules: a record of the key stage is accepted only while the loan's chain holds at least one current
 * (not withdrawn) record of the named stage.
 */
export const STAGE_PREREQUISITES: Readonly<Partial<Record<LifecycleStage, LifecycleStage>>> = Object.freeze({
    DISBURSEMENT: 'CONTRACT_SIGNING',
    REPAYMENT: 'DISBURSEMENT',
    OVERDUE_NOTICE: 'DISBURSEMENT',
    COLLECTION: 'OVERDUE_NOTICE',
});

/** Stages whose records must reference a consent in force (the credit-inquiry authorization). */
export const CONSENT_STAGES: readonly LifecycleStage[] = ['CREDIT_AUTHORIZATION'];

/**
 * Stages whose documents describe the borrower directly; their fingerprints must be salted, because an unsalted
 * digest of a templated personal document can be found by guessing.
 */
export const SALT_REQUIRED_STAGES: readonly LifecycleStage[] = ['IDENTITY_VERIFICATION', 'CREDIT_AUTHORIZATION'];

/**
 * The stages every funded loan's chain is expected to hold before its furthest stage. A chain whose furthest stage
 * is DISBURSEMENT or later but lacks one of these is reported as incomplete.
 */
export const EXPECTED_STAGES: readonly LifecycleStage[] = [
    'IDENTITY_VERIFICATION',
    'CREDIT_AUTHORIZATION',
    'CONTRACT_SIGNING',
    'DISBURSEMENT',
];
