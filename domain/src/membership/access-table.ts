import { type AccessGate, type AccessRule } from './access-rules.js';
import { type MemberRole } from './roles.js';

const roles = (...held: MemberRole[]): AccessGate => ({ roles: held });
const MEMBER: AccessGate = { member: true };
const ADMIN: AccessGate = { memberAdmin: true };
const ANYONE: AccessGate = { anyone: true };

const LOAN_WRITER =
    "Only the loan's own platform or funding bank, in the role the record's stage needs (a loan's first record binds " +
    'its platform, bank and product), while the bank admits the platform for the product at the transaction’s time.';
const LOAN_READER =
    "The loan's own platform and funding bank; the notary; a court or arbitration commission with a case on the loan " +
    'filed to it; an investor holding a deal whose pool holds the loan.';
const DEAL_READER = "Only the deal's issuing bank and the investors the deal names as holders.";
const DEAL_ISSUER = "Only the deal's issuing bank.";
const POOL_WRITER = `${DEAL_ISSUER} Every loan it adds must be one whose evidence chain names it as the funding bank; private amounts go only to the implicit collections of the issuer and the holders.`;
const CONSENT_READER =
    'The platform that collected the consent, the bank it was granted to, and the notary, courts and arbitration commissions.';
const FORUM = 'Only the court or arbitration commission the case is filed to.';
const CASE_READER = 'The bank that filed the case, the forum it is filed to, and the notary.';

/**
 * The access table: every transaction function of the chaincode, in the order the access matrix lists them. Its
 * gate is enforced before the function reads its request; its finer rule is enforced by the contract.
 */
export const ACCESS_RULES: Readonly<Record<string, AccessRule>> = Object.freeze({
    'Probe:Put': { action: 'write a probe', gate: MEMBER },
    'Probe:Get': { action: 'read a probe', gate: MEMBER },
    'Registry:Bootstrap': {
        action: 'set up the registry',
        gate: ANYONE,
        finer: 'Only while no registry exists, and only by one of the founding members it names.',
    },
    'Registry:Get': { action: 'read the registry', gate: ANYONE },
    'Registry:Propose': { action: 'propose a registry change', gate: ADMIN },
    'Registry:Approve': {
        action: 'approve a registry change',
        gate: ADMIN,
        finer: "Once per member; the approval that reaches a majority of the members applies the change, and the registry key's endorsement policy asks a majority of the members' peers.",
    },
    'Registry:Withdraw': {
        action: 'withdraw a registry proposal',
        gate: ADMIN,
        finer: 'Only an admin of the member that proposed it.',
    },
    'Registry:History': { action: 'read the registry history', gate: ANYONE },
    'Registry:Proposal': { action: 'read a registry proposal', gate: ANYONE },
    'Registry:Proposals': { action: 'list registry proposals', gate: ANYONE },
    'Admission:Admit': {
        action: 'admit a partner platform',
        gate: roles('bank'),
        finer: 'For itself only; the platform it names must hold the platform role.',
    },
    'Admission:Withdraw': {
        action: 'withdraw an admission',
        gate: roles('bank'),
        finer: 'Only the bank that recorded the admission.',
    },
    'Admission:ListPartners': { action: 'list its partners', gate: roles('bank'), finer: 'Its own partners only.' },
    'Admission:History': {
        action: 'read an admission history',
        gate: roles('platform', 'bank', 'notary', 'court', 'arbitration'),
        finer: 'A bank and a platform read the history of pairs they are in; the notary, courts and arbitration commissions read any.',
    },
    'Evidence:Register': { action: 'register evidence', gate: roles('platform', 'bank'), finer: LOAN_WRITER },
    'Evidence:RegisterBatch': { action: 'register evidence', gate: roles('platform', 'bank'), finer: LOAN_WRITER },
    'Evidence:Correct': {
        action: 'correct evidence',
        gate: roles('platform', 'bank'),
        finer: `${LOAN_WRITER} Only the organisation that wrote the record.`,
    },
    'Evidence:Withdraw': {
        action: 'withdraw evidence',
        gate: roles('platform', 'bank'),
        finer: `${LOAN_WRITER} Only the organisation that wrote the record.`,
    },
    'Evidence:Get': { action: 'read evidence', gate: MEMBER, finer: LOAN_READER },
    'Evidence:GetLoan': { action: 'read a loan', gate: MEMBER, finer: LOAN_READER },
    'Evidence:GetChain': { action: "read a loan's chain", gate: MEMBER, finer: LOAN_READER },
    'Evidence:ListByLoan': { action: "list a loan's evidence", gate: MEMBER, finer: LOAN_READER },
    'Evidence:History': { action: "read a record's history", gate: MEMBER, finer: LOAN_READER },
    'Anchor:Create': { action: 'create an anchor', gate: roles('platform', 'bank') },
    'Anchor:Seal': { action: 'seal a batch', gate: roles('platform', 'bank') },
    'Anchor:GetSealed': { action: 'read a sealed batch', gate: MEMBER },
    'Anchor:Get': { action: 'read an anchor', gate: MEMBER },
    'Anchor:GetLeaves': { action: "read an anchor's leaves", gate: MEMBER },
    'Anchor:GetProof': { action: 'read an anchor proof', gate: MEMBER },
    'Anchor:FindByFingerprint': { action: 'find anchors', gate: MEMBER },
    'Anchor:List': { action: 'list anchors', gate: MEMBER },
    'Attestation:AttestEvidence': { action: 'attest evidence', gate: roles('notary') },
    'Attestation:AttestCase': { action: 'attest a case', gate: roles('notary') },
    'Attestation:ListByTarget': {
        action: 'list attestations',
        gate: MEMBER,
        finer: `Of evidence: as the evidence. Of a case: as the case (${CASE_READER})`,
    },
    'Case:File': {
        action: 'file a case',
        gate: roles('bank'),
        finer: "Only the loan's funding bank, to a member holding the court or arbitration role.",
    },
    'Case:FileBatch': {
        action: 'file a case',
        gate: roles('bank'),
        finer: "Only the loan's funding bank, to a member holding the court or arbitration role.",
    },
    'Case:Accept': { action: 'accept a case', gate: roles('court', 'arbitration'), finer: FORUM },
    'Case:Reject': { action: 'reject a case', gate: roles('court', 'arbitration'), finer: FORUM },
    'Case:Judge': { action: 'judge a case', gate: roles('court', 'arbitration'), finer: FORUM },
    'Case:Enforce': { action: 'enforce a case', gate: roles('court', 'arbitration'), finer: FORUM },
    'Case:Close': { action: 'close a case', gate: roles('court', 'arbitration'), finer: FORUM },
    'Case:Get': { action: 'read a case', gate: roles('bank', 'notary', 'court', 'arbitration'), finer: CASE_READER },
    'Case:GetEvidence': {
        action: "read a case's evidence",
        gate: roles('bank', 'notary', 'court', 'arbitration'),
        finer: CASE_READER,
    },
    'Case:History': {
        action: "read a case's history",
        gate: roles('bank', 'notary', 'court', 'arbitration'),
        finer: CASE_READER,
    },
    'Case:ListByCourt': {
        action: "list a forum's cases",
        gate: roles('bank', 'notary', 'court', 'arbitration'),
        finer: 'A court or arbitration commission lists its own cases; a bank lists the cases it filed; the notary lists any.',
    },
    'Consent:Record': {
        action: 'record a consent',
        gate: roles('platform'),
        finer: 'The grantee must be a member holding the bank role that admits the platform at the transaction’s time.',
    },
    'Consent:RecordBatch': {
        action: 'record a consent',
        gate: roles('platform'),
        finer: 'As `Consent:Record`, for every item.',
    },
    'Consent:Use': { action: 'use a consent', gate: MEMBER, finer: 'Only the bank the consent was granted to.' },
    'Consent:UseBatch': {
        action: 'use a consent',
        gate: MEMBER,
        finer: 'As `Consent:Use`, for every item: only the bank each consent was granted to.',
    },
    'Consent:Withdraw': {
        action: 'withdraw a consent',
        gate: MEMBER,
        finer: 'Only the platform that collected the consent, on the subject’s instruction.',
    },
    'Consent:Get': { action: 'read a consent', gate: MEMBER, finer: CONSENT_READER },
    'Consent:ListBySubject': {
        action: "list a subject's consents",
        gate: roles('platform', 'notary', 'court', 'arbitration'),
        finer: 'A platform lists the consents it collected.',
    },
    'Consent:ListUsesByGrantee': {
        action: "list a grantee's consent uses",
        gate: MEMBER,
        finer: 'A bank lists its own uses; the notary, courts and arbitration commissions list any.',
    },
    'AbsDeal:CreateDeal': {
        action: 'structure a deal',
        gate: roles('bank'),
        finer: 'The issuer is the caller; every holder it names must hold the investor role.',
    },
    'AbsDeal:TransitionDeal': { action: 'move a deal', gate: roles('bank'), finer: DEAL_ISSUER },
    'AbsDeal:SetInvestors': { action: "change a deal's holders", gate: roles('bank'), finer: DEAL_ISSUER },
    'AbsDeal:GetDeal': { action: 'read a deal', gate: roles('bank', 'investor'), finer: DEAL_READER },
    'AbsDeal:ListDeals': {
        action: 'list deals',
        gate: roles('bank', 'investor'),
        finer: 'Lists only the deals the caller issued or holds.',
    },
    'AbsPool:AddCutOffLoans': { action: 'add loans to a pool', gate: roles('bank'), finer: POOL_WRITER },
    'AbsPool:CutOffPool': { action: 'cut off a pool', gate: roles('bank'), finer: DEAL_ISSUER },
    'AbsPool:PurchaseLoans': { action: 'purchase loans into a pool', gate: roles('bank'), finer: POOL_WRITER },
    'AbsPool:GetPool': { action: 'read a pool', gate: roles('bank', 'investor'), finer: DEAL_READER },
    'AbsPool:ListLoans': { action: "list a pool's loans", gate: roles('bank', 'investor'), finer: DEAL_READER },
    'AbsPool:GetLoan': { action: 'read a pool loan', gate: roles('bank', 'investor'), finer: DEAL_READER },
    'AbsPool:GetLoanAmounts': {
        action: "read a pool loan's amounts",
        gate: roles('bank', 'investor'),
        finer: `${DEAL_READER} Read from the caller's own peer's copy.`,
    },
    'AbsPool:GetLoanProof': {
        action: 'read a tape inclusion proof',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsPool:ExportTape': {
        action: 'export a page of the cut-off tape',
        gate: roles('bank', 'investor'),
        finer: `${DEAL_READER} Read from the caller's own peer's copy.`,
    },
    'AbsPool:GetPoolRoot': {
        action: "read a period's pool root",
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsPool:GetPoolRootConsistency': {
        action: 'read a pool-root consistency proof',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsReport:OpenPeriod': { action: 'open a period', gate: roles('bank'), finer: DEAL_ISSUER },
    'AbsReport:PostPeriodUpdates': { action: 'post period rows', gate: roles('bank'), finer: DEAL_ISSUER },
    'AbsReport:ClosePeriod': { action: 'close a period', gate: roles('bank'), finer: DEAL_ISSUER },
    'AbsReport:SubmitCashReport': {
        action: "report a period's cash received",
        gate: roles('bank'),
        finer: "Only the deal's account bank (a bank that is not the issuer).",
    },
    'AbsReport:GetCashReport': {
        action: "read a period's cash report",
        gate: roles('bank', 'investor'),
        finer: `${DEAL_READER} The deal's account bank too.`,
    },
    'AbsReport:AcknowledgeReport': {
        action: 'acknowledge a period report',
        gate: roles('investor'),
        finer: 'Only a holder the deal names.',
    },
    'AbsReport:GetPeriodReport': {
        action: 'read a period report',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsReport:GetPeriodWaterfall': {
        action: 'read a period waterfall',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsReport:ListPeriodReports': {
        action: 'list period reports',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsReport:GetMetricsSeries': {
        action: 'read a metrics series',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'AbsReport:ListAcknowledgements': {
        action: 'list acknowledgements',
        gate: roles('bank', 'investor'),
        finer: DEAL_READER,
    },
    'Witness:Read': { action: 'witness a write', gate: MEMBER },
});
