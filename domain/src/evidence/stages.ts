import { type LoanPartyRole } from './loan-parties.js';

/**
 * The loan lifecycle stages an evidence record belongs to, in lifecycle order. Who may write each stage and which
 * stages must already be on a loan's chain are fixed here, so the chaincode, the gateway and a court's verifier
 * apply the same rules.
 */
export const LIFECYCLE_STAGES = [
    'IDENTITY_VERIFICATION',
    'CREDIT_AUTHORIZATION',
    'CONTRACT_SIGNING',
    'CREDIT_DECISION',
    'DISBURSEMENT',
    'REPAYMENT',
    'OVERDUE_NOTICE',
    'COLLECTION',
    'DISPUTE',
    'OTHER',
] as const;

/** A loan lifecycle stage. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

const PLATFORM: readonly LoanPartyRole[] = ['platform'];
const BANK: readonly LoanPartyRole[] = ['bank'];

/**
 * Which of a loan's parties may write each stage: its platform holds pre-loan evidence, its funding bank the credit
 * decision, loan and post-loan evidence; both may file `OTHER`. The writer must hold the role in the registry and
 * be that loan's party in it: another bank cannot write a loan it does not fund.
 */
export const STAGE_WRITERS: Readonly<Record<LifecycleStage, readonly LoanPartyRole[]>> = Object.freeze({
    IDENTITY_VERIFICATION: PLATFORM,
    CREDIT_AUTHORIZATION: PLATFORM,
    CONTRACT_SIGNING: PLATFORM,
    // The bank decides credit itself: risk control is never outsourced to the platform.
    CREDIT_DECISION: BANK,
    DISBURSEMENT: BANK,
    REPAYMENT: BANK,
    OVERDUE_NOTICE: BANK,
    COLLECTION: BANK,
    DISPUTE: BANK,
    OTHER: ['platform', 'bank'],
});

/**
 * Ordering rules: a record of the key stage is accepted only while the loan's chain holds at least one current
 * (neither corrected away nor withdrawn) record of each named stage. Disbursement needs the signed contract and the
 * bank's own credit decision.
 */
export const STAGE_PREREQUISITES: Readonly<Partial<Record<LifecycleStage, readonly LifecycleStage[]>>> = Object.freeze({
    DISBURSEMENT: ['CONTRACT_SIGNING', 'CREDIT_DECISION'],
    REPAYMENT: ['DISBURSEMENT'],
    OVERDUE_NOTICE: ['DISBURSEMENT'],
    COLLECTION: ['OVERDUE_NOTICE'],
});

/** How reports name each stage for a court: Chinese first, then English. */
export const STAGE_LABELS: Readonly<Record<LifecycleStage, { readonly zh: string; readonly en: string }>> =
    Object.freeze({
        IDENTITY_VERIFICATION: { zh: '身份核验', en: 'Identity verification' },
        CREDIT_AUTHORIZATION: { zh: '征信授权', en: 'Credit authorization' },
        CONTRACT_SIGNING: { zh: '合同签署', en: 'Contract signing' },
        CREDIT_DECISION: { zh: '授信决策', en: 'Credit decision' },
        DISBURSEMENT: { zh: '放款', en: 'Disbursement' },
        REPAYMENT: { zh: '还款', en: 'Repayment' },
        OVERDUE_NOTICE: { zh: '逾期通知', en: 'Overdue notice' },
        COLLECTION: { zh: '催收', en: 'Collection' },
        DISPUTE: { zh: '争议', en: 'Dispute' },
        OTHER: { zh: '其他', en: 'Other' },
    });

/** Stages whose records must reference a consent in force (the credit-inquiry authorization). */
export const CONSENT_STAGES: readonly LifecycleStage[] = ['CREDIT_AUTHORIZATION'];

/**
 * Stages the loan's bank registers only after it logged a credit inquiry on the loan (`Consent:Use` naming it) under
 * a consent bound to the loan: a bank lends only on a lawful inquiry.
 */
export const CREDIT_INQUIRY_STAGES: readonly LifecycleStage[] = ['DISBURSEMENT'];

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
    'CREDIT_DECISION',
    'DISBURSEMENT',
];
