import { checksOf } from './record-checks.js';
import { type ReportedCheck, type ReportItem } from './report-payload.js';
import { factorVerdict, type SIGNED_PARTS, type Bilingual } from './report-wording.js';

/** A factor the court rules name for electronic data and on-chain evidence. */
export type CourtFactorId =
    | 'platform'
    | 'generation'
    | 'storage-transmission'
    | 'unaltered'
    | 'before-chain'
    | 'technical-safety'
    | 'verification';

/**
 * A piece of signed data an answer rests on: each is a row of every record's block in the PDF (`report-jws`, the
 * report's own signature, is Appendix A).
 */
export type SignedPart = keyof typeof SIGNED_PARTS | 'report-jws';

/** A factor: its title, the rules that name it (paraphrased), what the report answers, and what that rests on. */
export interface CourtFactor {
    readonly id: CourtFactorId;
    readonly title: Bilingual;
    /** The articles, paraphrased with "see art. N"; never a quotation. */
    readonly rule: Bilingual;
    /** What the report establishes when the checks pass. */
    readonly answer: Bilingual;
    /** The receipt checks the answer rests on; checks a record does not carry are left out of its answer. */
    readonly checks: readonly string[];
    readonly signed: readonly SignedPart[];
    /** What the answer does not cover; a factor whose answer is limited by nature is at best "partly". */
    readonly limit?: Bilingual;
    readonly partlyByNature?: boolean;
}

const A11 = { zh: '《互联网法院规定》第十一条', en: 'Provisions on Internet Courts, art. 11' };
const OLR = { zh: '《在线诉讼规则》', en: 'Online Litigation Rules' };

/** The factors, in the order the report answers them. */
export const COURT_FACTORS: readonly CourtFactor[] = Object.freeze([
    {
        id: 'platform',
        title: { zh: '存证平台的中立性与资质', en: 'Neutrality and qualification of the evidence platform' },
        rule: {
            zh: `参见${A11.zh}（电子数据所依赖的系统环境是否安全、可靠）；${OLR.zh}第十七条第（一）、（二）项（存证平台是否符合国家有关规定，当事人与平台有无利害关系、是否不当干预存证过程）。`,
            en: `See ${A11.en} (whether the systems the data relied on were secure and reliable); ${OLR.en}, art. 17(1)-(2) (whether the platform meets the state's rules for blockchain evidence services; whether a party has an interest in it or interfered with the process).`,
        },
        answer: {
            zh: '记录写入联盟区块链：写入须经背书策略所要求的多个不同成员机构的节点背书，并由排序服务签名（拜占庭容错排序时，区块须经法定数量的共识节点签名，且根证书包不允许任何单一机构运行三分之一或更多的共识节点，排序运营方也无法单独伪造或改写区块），任何单一机构（包括提交方）均无法单独写入或改写。下列背书机构及排序节点的证书均链至本报告所列联盟根证书。',
            en: "The record was written to a consortium blockchain: a write needs endorsements from peers of the distinct member organisations the endorsement policy requires and the ordering service's signature (with BFT ordering, a block counts only when a quorum of consenters signed it, and the roots bundle lets no single organisation run a third or more of them, so no one operator can forge or rewrite a block alone), so no single organisation, the submitting party included, can write or rewrite it alone. The certificates of the endorsers and orderers below chain to the consortium roots this report lists.",
        },
        checks: ['endorsement-policy', 'endorsement-signatures', 'orderer-signature', 'certificate-chains'],
        signed: ['endorsements', 'orderer-signature', 'roots'],
        limit: {
            zh: '不确认平台是否已履行国家有关规定的备案或资质要求。',
            en: "Whether the platform has met any filing or qualification the state's rules require is not established.",
        },
    },
    {
        id: 'generation',
        title: { zh: '数据的生成主体与时间', en: 'Who generated the data, and when' },
        rule: {
            zh: `参见${A11.zh}（电子数据的生成主体和时间是否明确）；${OLR.zh}第十八条（上链前数据的来源与生成机制）。`,
            en: `See ${A11.en} (whether the party that generated the data and the time are clear); ${OLR.en}, art. 18 (the source and generation mechanism of the data before it went on the chain).`,
        },
        answer: {
            zh: '交易由下列证书的持有人作出数字签名并提交，交易编号由该证书与随机数计算得出。所载时间为提交方在已签名的交易头中声明的时间。',
            en: 'The holder of the certificate below signed and submitted the transaction; the transaction ID is derived from that certificate and a nonce. The time is the one the submitting client stated in the signed transaction header.',
        },
        checks: ['creator-signature', 'transaction-id', 'certificate-chains', 'summary', 'trusted-time'],
        signed: ['transaction', 'creator-signature', 'trusted-time', 'roots'],
        limit: {
            zh: '没有可信时间戳核验通过时，时间仅为提交方自行声明，账本只确定交易的先后顺序。',
            en: 'Unless a trusted time-stamp verified, the time is only what the submitting client stated; the ledger fixes only the order of transactions.',
        },
    },
    {
        id: 'storage-transmission',
        title: { zh: '数据的存储与传输', en: 'How the data was stored and transmitted' },
        rule: {
            zh: `参见${A11.zh}（电子数据生成、收集、存储、传输的过程，存储介质与保管方式）；${OLR.zh}第十七条第（四）项（系统环境、数据传输、信息验证等方面的要求）。`,
            en: `See ${A11.en} (how the data was generated, collected, stored and transmitted; its storage medium and custody); ${OLR.en}, art. 17(4) (requirements on system environment, data transmission and verification).`,
        },
        answer: {
            zh: '排序服务将交易打包进下列区块并对区块头作出数字签名，区块头中的数据哈希值覆盖该区块的全部交易；交易在联盟通道上由联盟链码执行，写入下列键。',
            en: "The ordering service put the transaction into the block below and signed the block header, whose data hash covers every transaction of the block; the consortium's chaincode executed it on the consortium's channel and wrote the key below.",
        },
        checks: [
            'transaction-in-block',
            'block-data-hash',
            'orderer-signature',
            'channel',
            'chaincode',
            'fingerprint-written',
            'validation-flag',
            'validity-witness',
        ],
        signed: ['transaction', 'data-hash', 'orderer-signature', 'write-set', 'validity'],
    },
    {
        id: 'unaltered',
        title: { zh: '上链后是否被篡改', en: 'Whether it could have been altered after it went on the chain' },
        rule: {
            zh: `参见${A11.zh}（电子数据的内容是否存在增加、删除、修改或不完整）；${OLR.zh}第十六条、第十七条（区块链存证经技术核验一致的，可认定上链后未经篡改，有相反证据的除外）。`,
            en: `See ${A11.en} (whether anything was added to, deleted from or changed in the data, or it is incomplete); ${OLR.en}, arts. 16-17 (on-chain data that passes technical verification may be found unaltered since it went on the chain, unless evidence shows otherwise).`,
        },
        answer: {
            zh: '文件的哈希值（指纹）就是交易写入的值，或可证明地位于交易写入的 Merkle 根哈希值之下；区块数据哈希值与各方数字签名均核验一致。改动其中任何一个字节，上述哈希值或数字签名即不再相符。',
            en: "The document's hash value (its fingerprint) is the value the transaction wrote, or provably sits under the Merkle root it wrote; the block's data hash and every party's signature verify. Changing any byte would break one of these hash values or signatures.",
        },
        checks: [
            'document-hash',
            'inclusion-proof',
            'fingerprint-written',
            'block-data-hash',
            'endorsement-signatures',
            'orderer-signature',
        ],
        signed: ['write-set', 'merkle-proof', 'data-hash', 'endorsements', 'orderer-signature'],
    },
    {
        id: 'before-chain',
        title: { zh: '上链前的真实性', en: 'Authenticity before it went on the chain' },
        rule: {
            zh: `参见${OLR.zh}第十八条（上链前数据的具体来源、生成机制、存储过程，以及公证、第三方见证或其他印证）。`,
            en: `See ${OLR.en}, art. 18 (the source, generation mechanism and storage of the data before it went on the chain; notarisation, third-party witness or corroborating data).`,
        },
        answer: {
            zh: '本报告只能证明：所提交的文件（如已提交）与上链的哈希值一致，以及由谁、在哪一笔交易中将其上链。',
            en: 'This report can show only that the document presented, if it was, matches the hash value on the chain, and who put it on the chain in which transaction.',
        },
        checks: ['document-hash', 'creator-signature'],
        signed: ['write-set', 'creator-signature'],
        limit: {
            zh: '文件上链前的来源及其内容是否真实，须另行举证。',
            en: 'Where the document came from before that, and whether its content is true, must be proven by other evidence.',
        },
        partlyByNature: true,
    },
    {
        id: 'technical-safety',
        title: { zh: '技术安全性', en: 'Technical safety' },
        rule: {
            zh: `参见${OLR.zh}第十七条第（三）、（四）项（信息系统的安全性、可靠性，加密方式等技术要求）。`,
            en: `See ${OLR.en}, art. 17(3)-(4) (the security and reliability of the information system; requirements on encryption and other techniques).`,
        },
        answer: {
            zh: '核验只依赖公开标准的算法（见“核验方法”）：SHA-256、ECDSA P-256、RFC 9162 Merkle 证明与 X.509 证书链。各签名者的证书在使用时均处于有效期内并链至联盟根证书。',
            en: 'The verification relies only on algorithms of published standards (see "Verification method"): SHA-256, ECDSA P-256, RFC 9162 Merkle proofs and X.509 certification paths. Every signer\'s certificate was within its validity and chained to the consortium roots when used.',
        },
        checks: [
            'certificate-chains',
            'receipt-format',
            'creator-signature',
            'endorsement-signatures',
            'orderer-signature',
        ],
        signed: ['roots'],
        limit: {
            zh: '不评估平台信息系统是否符合相关国家标准或行业标准。',
            en: "Whether the platform's systems conform to national or industry standards is not assessed.",
        },
    },
    {
        id: 'verification',
        title: { zh: '可验证性', en: 'Verification' },
        rule: {
            zh: `参见${A11.zh}（电子数据能否通过特定形式得到验证，提取过程能否重现）；${OLR.zh}第十六条、第十九条（技术核验；具有专门知识的人提出意见、委托鉴定）。`,
            en: `See ${A11.en} (whether the data can be verified in a specific form and its extraction repeated); ${OLR.en}, arts. 16 and 19 (technical verification; opinions of persons with expert knowledge, forensic appraisal).`,
        },
        answer: {
            zh: '任何人（包括法院委托的具有专门知识的人或鉴定机构）均可使用开源核验程序与联盟根证书离线重复本核验，无需信任公证机构或任何一方（见附录二）。',
            en: 'Anyone, an expert or forensic examiner the court appoints included, can repeat this verification offline with the open-source verifier and the consortium roots, without trusting the notary or any party (see Appendix B).',
        },
        checks: ['receipt-format', 'summary'],
        signed: ['transaction', 'report-jws'],
    },
] satisfies CourtFactor[]);

/** How one check of a factor came out across the records. */
export interface FactorCheck {
    readonly id: string;
    readonly pass: number;
    readonly skip: number;
    /** The records (numbered from 1) for which it failed. */
    readonly failedIn: readonly number[];
}

/** A factor answered once for all the records of a report. */
export interface FactorAnswer {
    readonly factor: CourtFactor;
    readonly status: 'established' | 'partly' | 'not-established';
    readonly answer: Bilingual;
    /** The records (numbered from 1) for which it is not established: a check failed or none applied. */
    readonly notEstablishedFor: readonly number[];
    readonly checks: readonly FactorCheck[];
}

/**
 * Answers every factor once for all records, from the checks the notary ran on each: established when, for every
 * record, each of the factor's checks passed or did not apply; not established for a record when one failed or the
 * record carries none of them. A report with no records establishes nothing.
 */
export function answerFactors(items: readonly ReportItem[]): FactorAnswer[] {
    const byRecord = items.map((item) => new Map<string, ReportedCheck>(checksOf(item).map((c) => [c.id, c])));
    return COURT_FACTORS.map((factor) => {
        const notEstablishedFor = byRecord.flatMap((checks, i) => {
            const own = factor.checks.flatMap((name) => checks.get(name) ?? []);
            return own.length === 0 || own.some((check) => check.status === 'fail') ? [i + 1] : [];
        });
        const status =
            notEstablishedFor.length > 0 || items.length === 0
                ? 'not-established'
                : factor.partlyByNature === true
                  ? 'partly'
                  : 'established';
        const checks = factor.checks
            .map((id) => {
                const outcomes = byRecord.map((checks) => checks.get(id)?.status);
                return {
                    id,
                    pass: outcomes.filter((status) => status === 'pass').length,
                    skip: outcomes.filter((status) => status === 'skip').length,
                    failedIn: outcomes.flatMap((status, i) => (status === 'fail' ? [i + 1] : [])),
                };
            })
            // A check no record carries (a verifier before it existed) is not listed as if it had run.
            .filter((check) => check.pass + check.skip + check.failedIn.length > 0);
        return {
            factor,
            status,
            answer: factorVerdict(status, notEstablishedFor, items.length, factor.partlyByNature === true),
            notEstablishedFor,
            checks,
        };
    });
}
