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
        zh: '本报告对下列每一审查要素，为全部记录一并作答，并列明结论所依据的已签名数据；各记录的区块号、交易编号、哪一个数字签名、哪一张证书，见该记录一栏中同名的栏目。',
        en: "The report answers each factor below for all records together and lists the signed bytes the answer rests on; each record's block number, transaction ID, which signature and which certificate are in the rows of the same name in that record's block.",
    },
    factorsAndAnswers: { zh: '法院审查要素及结论', en: 'The factors the court examines, answered' },
    glance: { zh: '记录一览', en: 'Records at a glance' },
    recordsSection: { zh: '各记录的已签名数据', en: 'Each record and the signed bytes it rests on' },
    recordsNote: {
        zh: '每条记录一栏：各栏目为上述结论所依据的已签名数据；核验项表列出核验程序对该记录每一项核验的结果（未通过的，理由见附录三）。',
        en: "One block per record: its rows are the signed bytes the answers above rest on; the table of checks gives the verifier's result for each check of the record (for any that failed, the reason is in Appendix C).",
    },
    transaction: { zh: '交易', en: 'Transaction' },
    statedTime: { zh: '声明时间', en: 'Stated time' },
    trustedTime: { zh: '可信时间', en: 'Trusted time' },
    creatorSignature: { zh: '提交方签名', en: 'Creator signature' },
    endorsements: { zh: '背书签名', en: 'Endorsements' },
    blockHeader: { zh: '区块头签名', en: 'Block header' },
    writeSet: { zh: '写集', en: 'Write set' },
    merkleProof: { zh: 'Merkle 证明', en: 'Merkle proof' },
    validityRow: { zh: '有效性', en: 'Validity' },
    rootsRow: { zh: '根证书', en: 'Roots' },
    rootsSeeMethod: { zh: 'SHA-256 见“核验方法”', en: 'see "Verification method"' },
    clientStated: { zh: '（提交方声明并签名）', en: '(stated and signed by the client)' },
    documentShort: { zh: '已提交并计算哈希值', en: 'presented and hashed' },
    documentNotShort: { zh: '未提交，仅核验指纹', en: 'not presented; fingerprint verified only' },
    signedRows: {
        zh: '所依据的已签名数据（见各记录同名栏目）',
        en: "Signed bytes relied on (rows of each record's block)",
    },
    checkLegend: { zh: '核验项', en: 'The checks' },
    checkLegendNote: {
        zh: '核验程序对每条收据逐项核验；“不适用”表示该项对该记录不适用（例如未提交文件、或记录并非批量锚定）。',
        en: 'The verifier runs these checks on every receipt; SKIP means a check does not apply to the record (no document presented, or a record not anchored in a batch).',
    },
    appendixC: { zh: '附录三：未通过的核验项及其理由', en: 'Appendix C: the checks that failed, with their reasons' },
    appendixCNote: {
        zh: '核验程序对未通过各项所给出的理由（英文原文）。各项核验的完整结果（含通过的）均载于经签名的报告（附录一）。',
        en: "The verifier's own reason for each check that failed. The full result of every check, passed ones included, is in the signed report (Appendix A).",
    },
    appendixCNone: {
        zh: '无：每条记录的每一项核验均已通过或不适用。',
        en: 'None: every check of every record passed or did not apply.',
    },
    reportSignature: {
        zh: '本报告的 JWS 数字签名（附录一），证书',
        en: "This report's JWS signature (Appendix A), certificate",
    },
    jwsSha256: { zh: 'JWS 的 SHA-256', en: 'SHA-256 of the JWS' },
    jwsLength: { zh: 'JWS 长度', en: 'Length of the JWS' },
    jwsAttachment: { zh: '附件', en: 'Attachment' },
    jwsHeaderPart: { zh: 'JWS 头部', en: 'JWS header' },
    jwsSignaturePart: { zh: 'JWS 签名', en: 'JWS signature' },
    jwsTooLong: {
        zh: '全文过长，不在此打印：请使用随本 PDF 出具的 .jws 文件，或本 PDF 所附的 report.jws（可用 pdfdetach 等工具取出），并确认其 SHA-256 与上述一致。',
        en: 'The full text is too long to print here: use the .jws file issued with this PDF, or the report.jws attached to this PDF (pdfdetach and similar tools extract it), and check that its SHA-256 is the one above.',
    },
    limits: { zh: '本报告不能证明的事项', en: 'What this report does not establish' },
    record: { zh: '记录', en: 'Record' },
    fingerprint: { zh: '指纹（哈希值）', en: 'Fingerprint' },
    verdict: { zh: '结论', en: 'Verdict' },
    block: { zh: '区块', en: 'Block' },
    transactionId: { zh: '交易编号', en: 'Transaction ID' },
    document: { zh: '文件', en: 'Document' },
    notEstablished: { zh: '未能确认', en: 'not established' },
    answer: { zh: '结论', en: 'Answer' },
    checks: { zh: '核验项', en: 'Checks' },
    limit: { zh: '限度', en: 'Limit' },
    method: { zh: '核验方法', en: 'Verification method' },
    verifier: { zh: '核验程序', en: 'Verifier' },
    verifierNote: { zh: '开源，可离线运行', en: 'open source, runs offline' },
    algorithms: { zh: '算法', en: 'Algorithms' },
    trustAnchors: { zh: '信任锚（联盟根证书）', en: 'Trust anchors (consortium root certificates)' },
    validity: { zh: '有效期', en: 'valid' },
    appendixA: { zh: '附录一：经签名的报告（JWS）', en: 'Appendix A: the signed report (JWS)' },
    appendixANote: {
        zh: '公证机构签名的紧凑 JWS（RFC 7515）随本 PDF 一同出具，并作为附件 report.jws 嵌入本 PDF。下文全文的换行仅为打印所加：去掉所有空格和换行后，即为该 JWS。',
        en: 'The compact JWS (RFC 7515) the notary signed is issued with this PDF and attached to it as report.jws. Where its full text is printed below, the line breaks are only for printing: joined without spaces or breaks, the text is the JWS.',
    },
    appendixB: { zh: '附录二：如何核验本报告', en: 'Appendix B: how to verify this report' },
    footer: { zh: '公证核验报告', en: 'Notary verification report' },
} satisfies Record<string, Bilingual>);

/** The introduction on the cover. */
export function introduction(records: number): Bilingual {
    return {
        zh:
            `本报告说明公证机构对写入联盟区块链存证账本的 ${records} 条记录所核验的内容。本报告按法院审查电子数据及区块链存证的要素，` +
            '对全部记录一并逐项作答（生成主体与时间、存储与传输、上链后是否被篡改、上链前的真实性、平台与技术安全性、以及如何核验），' +
            '并写明未能确认的记录；每条记录另列一栏，写明各项结论所依据的已签名数据。本报告的签名原件为附录一所述的 JWS；' +
            '本 PDF 为其可读副本。任何人均可按附录二离线重复核验。',
        en:
            `This report states what the notary verified about ${records} record(s) written to the consortium's ` +
            'blockchain evidence ledger. It answers the factors a court examines about electronic data and on-chain ' +
            'evidence once, for all records together, naming any record for which a factor is not established: who ' +
            'generated the data and when, how it was stored and transmitted, whether it could have been altered after ' +
            'it went on the chain, its authenticity before that, the platform and its technical safety, and how it was ' +
            'verified. Each record then has a block naming the signed bytes the answers rest on. The signed original of ' +
            'this report is the JWS described in Appendix A; this PDF is a readable copy of it. Anyone can repeat the ' +
            'verification offline as Appendix B describes.',
    };
}

/** A factor's answer for all records: established for all, or not for the records named. */
export function factorVerdict(
    status: 'established' | 'partly' | 'not-established',
    failed: readonly number[],
    total: number,
    partlyByNature: boolean,
): Bilingual {
    if (status !== 'not-established') {
        return status === 'partly'
            ? {
                  zh: `部分确认（全部 ${total} 条记录；见限度）`,
                  en: `Partly established for all ${total} record(s) (see the limit)`,
              }
            : { zh: `已确认（全部 ${total} 条记录）`, en: `Established for all ${total} record(s)` };
    }
    const others = total - failed.length;
    const rest =
        others === 0
            ? { zh: '', en: '' }
            : partlyByNature
              ? { zh: `；其余 ${others} 条部分确认`, en: `; partly established for the other ${others}` }
              : { zh: `；其余 ${others} 条已确认`, en: `; established for the other ${others}` };
    return {
        zh: `未能确认：记录 ${failed.join('、')}${rest.zh}`,
        en: `NOT established for record(s) ${failed.join(', ')}${rest.en}`,
    };
}

/** A check that failed for some records, in a factor's answer. */
export function failedIn(check: string, records: readonly number[]): Bilingual {
    return {
        zh: `${check} 未通过：记录 ${records.join('、')}`,
        en: `${check} FAILED for record(s) ${records.join(', ')}`,
    };
}

/** The time a trusted time-stamp gives, and the authority that gave it. */
export function trustedTimeEntry(time: string, authority: string): Bilingual {
    return {
        zh: `不晚于 ${time}（时间戳机构 ${authority}）`,
        en: `no later than ${time}, according to TSA ${authority}`,
    };
}

/** Where the orderer's signature sits: the header of the record's block, whose data hash covers its transactions. */
export function blockHeaderEntry(block: number): Bilingual {
    return {
        zh: `区块 ${block} 区块头（含覆盖全部交易的数据哈希值）`,
        en: `header of block ${block} (its data hash covers every transaction)`,
    };
}

/** A status as a record's row shows it beside a check's name. */
export function checkStatusEntry(check: string, tag: string): string {
    return `${check}：${tag}`;
}

/** Where an anchored fingerprint sits in its batch's tree; the root follows. */
export function merkleLeaf(index: number, treeSize: number): Bilingual {
    return {
        zh: `Merkle 树共 ${treeSize} 个叶子中的第 ${index} 个，根哈希值：`,
        en: `leaf ${index} of ${treeSize} under the Merkle root:`,
    };
}

/** Items in a list, each language with its own separator. */
export function listOf(items: readonly Bilingual[]): Bilingual {
    return { zh: items.map((item) => item.zh).join('；'), en: items.map((item) => item.en).join('; ') };
}

/** The printed length of the JWS. */
export function characters(count: number): Bilingual {
    return { zh: `${count} 个字符`, en: `${count} characters` };
}

/** A verdict as the report prints it. */
export const VERDICTS = Object.freeze({
    verified: { zh: '核验通过', en: 'VERIFIED' },
    'not-verified': { zh: '核验未通过', en: 'NOT VERIFIED' },
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

/** A signed part of the ledger, named as the factors list it and as the records' rows label it. */
export const SIGNED_PARTS = Object.freeze({
    transaction: { zh: '交易（区块号、序号、交易编号）', en: 'Transaction (block number, entry, transaction ID)' },
    'creator-signature': {
        zh: '提交方签名（提交方证书）',
        en: "Creator signature (the submitting client's certificate)",
    },
    endorsements: { zh: '背书签名（各背书节点证书）', en: "Endorsements (each endorsing peer's certificate)" },
    'orderer-signature': {
        zh: '区块头签名（排序节点证书；拜占庭容错排序时为法定数量的共识节点）',
        en: "Block header (the orderers' signatures and certificates: with BFT ordering, a quorum of consenters)",
    },
    'data-hash': { zh: '区块头签名（区块数据哈希值）', en: 'Block header (its data hash over every transaction)' },
    'write-set': { zh: '写集（键、成员、写入的值）', en: 'Write set (key, member, value written)' },
    'merkle-proof': { zh: 'Merkle 证明（批量锚定的记录）', en: 'Merkle proof (records anchored in a batch)' },
    validity: { zh: '有效性（各机构节点的有效性见证签名）', en: "Validity (the validity witness's peer signatures)" },
    'trusted-time': {
        zh: '可信时间（时间戳机构的签名）',
        en: "Trusted time (the time-stamping authority's signature)",
    },
    roots: { zh: '根证书（SHA-256 见“核验方法”）', en: 'Roots (SHA-256 under "Verification method")' },
} satisfies Record<string, Bilingual>);

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
        zh: '取得随本 PDF 出具的 .jws 文件（或取出本 PDF 的附件 report.jws；附录一印有全文的，也可将其合并为一行另存），确认其 SHA-256 与附录一所载一致，存为 report.jws。',
        en: 'Take the .jws file issued with this PDF (or extract the attachment report.jws from this PDF; where Appendix A prints the full text, it may be joined into one line and saved instead), check that its SHA-256 is the one Appendix A gives, and save it as report.jws.',
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
    'orderer-signature':
        '排序服务对区块头作出了数字签名（拜占庭容错排序须有法定数量的共识节点签名，且任何单一机构运行的共识节点均不足三分之一）',
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
    'report-time': '可信时间戳（RFC 3161）证明本报告不晚于其所载时间已经存在',
});
