/**
 * Every fixed text of the report's PDF, Chinese first and English second. All Chinese the renderer draws comes from
 * here (a test holds render-report-pdf.ts to that), so the font-coverage test that walks this module sees every
 * character the report can print. Terms are kept to one rendering each: 区块链存证 (blockchain evidence), 哈希值
 * (hash value), 数字签名 (digital signature), 背书 (endorsement), 时间戳 (time-stamp), 证书 (certificate).
 */

/** A text in both languages. */
export interface Bilingual {
    readonly zh: string;
    readonly en: string;
}

/** The two court instruments the report answers to, as cited in it. */
export const INSTRUMENTS = Object.freeze({
    internetCourts: {
        zh: '《最高人民法院关于互联网法院审理案件若干问题的规定》（2018年）',
        en: "Provisions of the Supreme People's Court on Several Issues Concerning the Trial of Cases by Internet Courts (2018)",
    },
    onlineLitigation: {
        zh: '《人民法院在线诉讼规则》（2021年）',
        en: "Online Litigation Rules of the People's Courts (2021)",
    },
} satisfies Record<string, Bilingual>);

/** Labels, headings and sentences with no data in them. */
export const WORDS = Object.freeze({
    title: { zh: '公证核验报告', en: 'Notary Verification Report' },
    subtitle: {
        zh: 'LendLedger 区块链存证账本：公证机构对账本记录的核验',
        en: 'LendLedger evidence ledger: verification of ledger records by the notary organisation',
    },
    reportId: { zh: '报告编号', en: 'Report ID' },
    caseId: { zh: '案件', en: 'Case' },
    issuedBy: { zh: '出具机构', en: 'Issued by' },
    issuedAt: { zh: '出具时间', en: 'Issued at' },
    overallVerdict: { zh: '总体结论', en: 'Overall verdict' },
    records: { zh: '所核验的记录', en: 'Records' },
    rules: { zh: '本报告所对应的法院规则', en: 'The court rules this report answers' },
    rulesNote: {
        zh: '以下条文内容均为概括转述，并非原文引用；请以最高人民法院公布的正式文本为准。',
        en: "The articles are paraphrased here, not quoted; the official text published by the Supreme People's Court prevails.",
    },
    rulesIntro: {
        zh: '对每条记录，本报告按下列审查要素逐项作答，并写明每项结论所依据的已签名数据（区块号、交易编号、哪一个数字签名、哪一张证书）。',
        en: 'For each record, the report answers each of the factors below and names the signed bytes each answer rests on (block number, transaction ID, which signature, which certificate).',
    },
    limits: { zh: '本报告不能证明的事项', en: 'What this report does not establish' },
    record: { zh: '记录', en: 'Record' },
    fingerprint: { zh: '指纹（哈希值）', en: 'Fingerprint' },
    verdict: { zh: '结论', en: 'Verdict' },
    facts: { zh: '已核验的事实', en: 'Verified facts' },
    writtenBy: { zh: '提交方', en: 'Written by' },
    time: { zh: '时间', en: 'Time' },
    clientTime: { zh: '（提交方在交易中声明并签名的时间）', en: '(stated and signed by the submitting client)' },
    block: { zh: '区块', en: 'Block' },
    entry: { zh: '笔', en: 'entry' },
    transactionId: { zh: '交易编号', en: 'Transaction ID' },
    channelChaincode: { zh: '通道与链码', en: 'Channel, chaincode' },
    writtenTo: { zh: '写入位置', en: 'Written to' },
    howWritten: { zh: '写入方式', en: 'How written' },
    direct: { zh: '由该记录自身的交易直接写入', en: 'directly, by its own transaction' },
    document: { zh: '文件', en: 'Document' },
    documentPresented: {
        zh: '已向公证机构提交并计算哈希值',
        en: 'presented to the notary and hashed',
    },
    documentNotPresented: {
        zh: '未提交；仅核验了指纹，未审查文件本身',
        en: 'not presented; the fingerprint was verified, the document itself was not examined',
    },
    endorsedBy: { zh: '背书节点', en: 'Endorsed by' },
    orderedBy: { zh: '排序节点', en: 'Ordered by' },
    receiptFormat: { zh: '收据格式', en: 'Receipt format' },
    notEstablished: { zh: '未能确认', en: 'not established' },
    factors: { zh: '法院审查要素', en: 'Factors the court examines' },
    legalBasis: { zh: '规则依据', en: 'Rule' },
    answer: { zh: '结论', en: 'Answer' },
    signedBytes: { zh: '所依据的已签名数据', en: 'Signed bytes relied on' },
    checks: { zh: '核验项', en: 'Checks' },
    checkDetails: { zh: '核验明细', en: 'Check details' },
    checkDetailsNote: {
        zh: '核验程序对本记录逐项核验的结果；各项说明为核验程序输出的英文原文。',
        en: "The verifier's result for each check of this record; each reason is the verifier's own English text.",
    },
    limit: { zh: '限度', en: 'Limit' },
    method: { zh: '核验方法', en: 'Verification method' },
    verifier: { zh: '核验程序', en: 'Verifier' },
    verifierNote: { zh: '开源，可离线运行', en: 'open source, runs offline' },
    algorithms: { zh: '算法', en: 'Algorithms' },
    trustAnchors: { zh: '信任锚（联盟根证书）', en: 'Trust anchors (consortium root certificates)' },
    validity: { zh: '有效期', en: 'valid' },
    appendixA: { zh: '附录一：经签名的报告（JWS）', en: 'Appendix A: the signed report (JWS)' },
    appendixANote: {
        zh: '下文的换行仅为打印所加：去掉所有空格和换行后，即为公证机构签名的紧凑 JWS（RFC 7515）。',
        en: 'The line breaks below are only for printing: joined without spaces or breaks, the text is the compact JWS (RFC 7515) the notary signed.',
    },
    appendixB: { zh: '附录二：如何核验本报告', en: 'Appendix B: how to verify this report' },
    footer: { zh: '公证核验报告', en: 'Notary verification report' },
} satisfies Record<string, Bilingual>);

/** The introduction on the cover. */
export function introduction(records: number): Bilingual {
    return {
        zh:
            `本报告说明公证机构对写入联盟区块链存证账本的 ${records} 条记录所核验的内容。对每条记录，本报告按法院审查电子数据` +
            '及区块链存证的要素逐项作答：生成主体与时间、存储与传输、上链后是否被篡改、上链前的真实性、平台与技术安全性、' +
            '以及如何核验。本报告的签名原件为附录一所载的 JWS；本 PDF 为其可读副本。任何人均可按附录二离线重复核验。',
        en:
            `This report states what the notary verified about ${records} record(s) written to the consortium's ` +
            'blockchain evidence ledger. For each record it answers the factors a court examines about electronic data ' +
            'and on-chain evidence: who generated it and when, how it was stored and transmitted, whether it could have ' +
            'been altered after it went on the chain, its authenticity before that, the platform and its technical ' +
            'safety, and how it was verified. The signed original of this report is the JWS in Appendix A; this PDF is ' +
            'a readable copy of it. Anyone can repeat the verification offline as Appendix B describes.',
    };
}

/** A verdict as the report prints it. */
export const VERDICTS = Object.freeze({
    verified: { zh: '核验通过', en: 'VERIFIED' },
    'not-verified': { zh: '核验未通过', en: 'NOT VERIFIED' },
} satisfies Record<string, Bilingual>);

/** A factor's answer for one record. */
export const FACTOR_ANSWERS = Object.freeze({
    established: { zh: '已确认', en: 'Established' },
    partly: { zh: '部分确认（见限度）', en: 'Partly established (see the limit)' },
    'not-established': { zh: '未能确认', en: 'NOT established' },
} satisfies Record<string, Bilingual>);

/** A check's outcome tag. */
export const STATUS_TAGS = Object.freeze({
    pass: '通过 PASS',
    fail: '未通过 FAIL',
    skip: '不适用 SKIP',
} satisfies Record<string, string>);

/** The overall verdict line. */
export function verdictLine(verdict: keyof typeof VERDICTS, verified: number, items: number): Bilingual {
    return {
        zh: `${VERDICTS[verdict].zh}（${items} 条记录中 ${verified} 条核验通过）`,
        en: `${VERDICTS[verdict].en} (${verified} of ${items} record(s) verified)`,
    };
}

/** A record as the cover lists it. */
export function coverRecord(verdict: keyof typeof VERDICTS, fingerprint: string, block: number | null): Bilingual {
    return {
        zh: `${VERDICTS[verdict].zh} ${VERDICTS[verdict].en}${block === null ? '' : `，区块 ${block} / block ${block}`}`,
        en: fingerprint,
    };
}

/** A record's heading. */
export function recordHeading(index: number, total: number): Bilingual {
    return { zh: `记录 ${index}（共 ${total} 条）`, en: `Record ${index} of ${total}` };
}

/** Where a transaction sits. */
export function blockEntry(block: number, entry: number | null): Bilingual {
    return {
        zh: `区块 ${block}，第 ${entry ?? '?'} 笔交易`,
        en: `block ${block}, entry ${entry ?? '?'}`,
    };
}

/** Where an anchored fingerprint sits in its batch's Merkle tree. */
export function anchoredIn(index: number, treeSize: number, root: string): Bilingual {
    return {
        zh: `批量锚定：Merkle 树共 ${treeSize} 个叶子中的第 ${index} 个，根哈希值 ${root}`,
        en: `in an anchored batch: leaf ${index} of ${treeSize} under Merkle root ${root}`,
    };
}

/** The written key and member. */
export function writtenTo(key: string, member: string): Bilingual {
    return { zh: `${key}\n成员 ${member} / member ${member}`, en: `${key}\n成员 ${member} / member ${member}` };
}

/** A trust anchor's validity. */
export function validFromTo(notBefore: string, notAfter: string): Bilingual {
    return { zh: `有效期 ${notBefore} 至 ${notAfter}`, en: `valid ${notBefore} to ${notAfter}` };
}

/** The page footer. */
export function footer(reportId: string, page: number, pages: number): string {
    return `${WORDS.footer.zh} ${reportId} 第 ${page} 页，共 ${pages} 页 · ${WORDS.footer.en} ${reportId}, page ${page} of ${pages}`;
}

/** What the report does not establish, whatever the checks found. */
export const LIMITS: readonly Bilingual[] = Object.freeze([
    {
        zh: '文件本身的电子签名：本报告不核验文件本身是否附有可靠的电子签名，也不核验在文件上签名的是谁；区块链上的数字签名只证明由谁将指纹写入账本。',
        en: "The document's own electronic signature: this report does not check whether the document itself carries a reliable electronic signature, nor who signed the document; the signatures on the chain show only who wrote its fingerprint to the ledger.",
    },
    {
        zh: '账本的完整性：本报告逐条核验各记录所在的区块，不核验账本自第一个区块起连续、完整，也不能排除此后另有交易更正或撤回该记录。',
        en: 'Completeness of the chain: this report verifies the block of each record on its own; it does not verify that the ledger is complete and unbroken from its first block, nor rule out a later transaction that corrected or withdrew the record.',
    },
    {
        zh: '每次使用时的授权同意：本报告不证明借款人等信息主体的授权同意在每一次使用数据时均有效（未被撤回、未过期）。',
        en: 'Consent in force at each use: this report does not prove that the consent of the borrower or other data subject was in force (not withdrawn, not expired) at each use of the data.',
    },
    {
        zh: '文件内容的真实性及上链前的情况：哈希值一致只证明文件自上链后未被改动，不证明其内容真实，也不证明其上链前的来源。',
        en: 'The truth of the content, and what happened before it went on the chain: a matching hash value shows that the document is unchanged since it went on the chain, not that its content is true or where it came from before.',
    },
    {
        zh: '平台资质与标准符合性：本报告不评估存证平台是否已履行国家有关规定的备案或资质要求，也不评估其信息系统是否符合相关国家标准或行业标准。',
        en: "The platform's qualification and conformity to standards: this report does not assess whether the platform has met any filing or qualification the state's rules require, nor whether its systems conform to national or industry standards.",
    },
]);

/** How to verify the report, step by step; the command lines are the same in both languages. */
export const VERIFY_STEPS: readonly Bilingual[] = Object.freeze([
    {
        zh: '将附录一的文本合并为一行，另存为 report.jws（或使用与本 PDF 一同出具的 .jws 文件）。',
        en: 'Save the text of Appendix A, joined into one line, as report.jws (or use the .jws file issued with this PDF).',
    },
    {
        zh: '从独立于公证机构的来源取得联盟根证书包（roots.json），并确认其中每张根证书的 SHA-256 哈希值与“核验方法”中所列信任锚一致。',
        en: 'Obtain the consortium roots bundle (roots.json) from a source independent of the notary, and check that the SHA-256 of each root matches the trust anchors listed under "Verification method".',
    },
    {
        zh: '运行：lendledger-verify-report report.jws --roots roots.json',
        en: 'Run: lendledger-verify-report report.jws --roots roots.json',
    },
    {
        zh: '只有下列各项均显示 PASS，本报告方为真实、未经改动：',
        en: 'The report is authentic and unaltered only if every check prints PASS:',
    },
]);

/** The last step: each record on its own. */
export const VERIFY_RECORD_STEP: Bilingual = {
    zh: '每条记录也可凭其收据单独核验：lendledger-verify <receipt.json> --roots roots.json',
    en: 'Each record can also be verified on its own from its receipt: lendledger-verify <receipt.json> --roots roots.json',
};

/**
 * The receipt checks in Chinese. Keyed by name rather than typed by the check list, so a check added to the
 * verifier still renders (with its English title); the coverage test requires a Chinese title for every check.
 */
export const CHECK_TITLES_ZH: Readonly<Record<string, string>> = Object.freeze({
    'receipt-format': '收据为格式正确的 lendledger-receipt 文件，其中的区块可以解码',
    'document-hash': '所提交文件的哈希值与指纹一致',
    'inclusion-proof': '指纹是账本所记载的 Merkle 树（RFC 9162）中指定位置的叶子',
    'fingerprint-written': '交易将该指纹（或批次的根哈希值）写入了账本',
    'transaction-id': '交易编号由提交方证书与随机数计算得出',
    'creator-signature': '联盟成员机构的成员对交易作出了数字签名',
    'endorsement-signatures': '每一项背书均为背书节点对本交易执行结果的有效数字签名',
    'endorsement-policy': '作出背书的不同机构数量满足背书策略',
    'transaction-in-block': '交易是区块中所指明的那一笔',
    'block-data-hash': '区块头中的数据哈希值覆盖该区块的全部交易',
    'validation-flag': '提交节点将交易标记为有效（VALID）',
    'orderer-signature': '排序服务对区块头作出了数字签名',
    channel: '区块与交易属于联盟通道',
    chaincode: '联盟链码执行并写入了该记录',
    'certificate-chains': '每一签名者的证书均链至联盟根证书，且在使用时处于有效期内',
    summary: '可读摘要与已签名数据所载内容一致',
    'validity-witness': '至少两个机构的节点以数字签名证实该交易已有效提交',
    'trusted-time': '可信时间戳（RFC 3161）证明该区块不晚于其所载时间已经存在',
});

/** The report's own checks (Appendix B) in Chinese. */
export const REPORT_CHECK_TITLES_ZH: Readonly<Record<string, string>> = Object.freeze({
    'jws-format': '报告为类型 lendledger-notary-report+jws 的紧凑 JWS，并附有签名者证书',
    algorithm: '签名算法为 ES256 或 ES384，且与签名者证书的密钥相符',
    signature: '签名者证书的密钥对报告的现有内容作出了数字签名',
    'certificate-chain': '签名者证书链至联盟根证书，且在报告出具时处于有效期内',
    'issuer-organisation': '报告由公证机构（NotaryMSP）的成员出具',
    'canonical-payload': '签名内容为规范化 JSON，只有一种解读',
    'report-format': '签名内容为格式正确的 lendledger-notary-report/1 文件，且各项结论相互一致',
});
