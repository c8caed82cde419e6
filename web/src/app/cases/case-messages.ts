import { STAGE_LABELS, type CaseStatus, type LifecycleStage } from '@lendledger/domain';
import { type Lang, type Messages } from '../../common/i18n.ts';

/** The case desk's words, 简体中文 first. */
export const CASE_MESSAGES: Messages<
    | 'title'
    | 'inbox'
    | 'filters'
    | 'status'
    | 'anyStatus'
    | 'forum'
    | 'chooseForum'
    | 'filedFrom'
    | 'filedTo'
    | 'search'
    | 'searchHint'
    | 'sort'
    | 'sortFiledDesc'
    | 'sortFiledAsc'
    | 'sortCaseId'
    | 'sortStatus'
    | 'caseId'
    | 'loanRef'
    | 'claim'
    | 'filedAt'
    | 'filer'
    | 'packageSize'
    | 'select'
    | 'selectAll'
    | 'shown'
    | 'loadMore'
    | 'noCases'
    | 'selected'
    | 'bulk'
    | 'bulkHint'
    | 'move'
    | 'moveAccept'
    | 'moveJudge'
    | 'document'
    | 'documentHint'
    | 'hashFile'
    | 'hashing'
    | 'badFingerprint'
    | 'run'
    | 'running'
    | 'progress'
    | 'results'
    | 'succeeded'
    | 'failed'
    | 'summary'
    | 'back'
    | 'caseTitle'
    | 'overview'
    | 'integrity'
    | 'intact'
    | 'broken'
    | 'complete'
    | 'missingStages'
    | 'timeline'
    | 'evidenceEvent'
    | 'stepEvent'
    | 'attestationEvent'
    | 'writer'
    | 'fingerprint'
    | 'inPackage'
    | 'notInPackage'
    | 'packageItems'
    | 'notOnChain'
    | 'notary'
    | 'statement'
    | 'attest'
    | 'attested'
    | 'issueReport'
    | 'issuing'
    | 'reportId'
    | 'verdict'
    | 'digest'
    | 'downloadPdf'
    | 'downloadJws'
    | 'forumActions'
    | 'refused'
    | 'readOnly'
> = {
    'zh-CN': {
        title: '案件台',
        inbox: '案件收件箱',
        filters: '筛选',
        status: '状态',
        anyStatus: '全部状态',
        forum: '受理机构',
        chooseForum: '请选择法院或仲裁委',
        filedFrom: '立案日期起',
        filedTo: '立案日期止',
        search: '案件号或借款编号',
        searchHint: '输入案件号或借款编号的一部分',
        sort: '排序',
        sortFiledDesc: '立案时间（新→旧）',
        sortFiledAsc: '立案时间（旧→新）',
        sortCaseId: '案件号',
        sortStatus: '状态',
        caseId: '案件号',
        loanRef: '借款编号',
        claim: '诉请',
        filedAt: '立案时间',
        filer: '申请机构',
        packageSize: '证据数',
        select: '选择 {caseId}',
        selectAll: '全选本页',
        shown: '显示 {shown} / 已加载 {loaded} 件',
        loadMore: '加载更多',
        noCases: '没有符合条件的案件。',
        selected: '已选 {n} 件',
        bulk: '批量处置',
        bulkHint: '对所选案件逐件提交，每件使用独立的幂等键，重复点击不会重复写入。',
        move: '操作',
        moveAccept: '受理',
        moveJudge: '裁判',
        document: '文书指纹',
        documentHint: 'sha256:<64 位十六进制>，或选择文书文件在浏览器内计算',
        hashFile: '选择文书文件',
        hashing: '正在计算指纹…',
        badFingerprint: '指纹格式应为 sha256:<64 位十六进制>',
        run: '对 {n} 件执行',
        running: '处理中…',
        progress: '进度',
        results: '处置结果',
        succeeded: '成功',
        failed: '失败',
        summary: '成功 {ok} 件，失败 {bad} 件',
        back: '返回收件箱',
        caseTitle: '案件 {caseId}',
        overview: '概况',
        integrity: '证据链完整性',
        intact: '证据链完整，未被篡改',
        broken: '证据链断裂',
        complete: '各阶段齐全',
        missingStages: '缺少阶段：{stages}',
        timeline: '证据与程序时间线',
        evidenceEvent: '存证：{stage}',
        stepEvent: '程序：{to}',
        attestationEvent: '公证：{statement}',
        writer: '写入机构',
        fingerprint: '指纹',
        inPackage: '在证据包内',
        notInPackage: '不在证据包内',
        packageItems: '证据包（{n} 项）',
        notOnChain: '非本借款链上记录（锚定或封存批次）',
        notary: '公证',
        statement: '公证声明',
        attest: '公证证据包',
        attested: '已公证（交易 {txId}）',
        issueReport: '出具公证核验报告',
        issuing: '正在出具报告…',
        reportId: '报告编号',
        verdict: '结论',
        digest: '报告摘要（JWS 的 SHA-256）',
        downloadPdf: '下载 PDF',
        downloadJws: '下载 JWS',
        forumActions: '本案操作',
        refused: '被拒绝',
        readOnly: '本机构对案件只读。',
    },
    en: {
        title: 'Case desk',
        inbox: 'Case inbox',
        filters: 'Filters',
        status: 'Status',
        anyStatus: 'Any status',
        forum: 'Forum',
        chooseForum: 'Choose a court or arbitration commission',
        filedFrom: 'Filed from',
        filedTo: 'Filed until',
        search: 'Case ID or loan reference',
        searchHint: 'Part of a case ID or loan reference',
        sort: 'Sort',
        sortFiledDesc: 'Filed (newest first)',
        sortFiledAsc: 'Filed (oldest first)',
        sortCaseId: 'Case ID',
        sortStatus: 'Status',
        caseId: 'Case ID',
        loanRef: 'Loan reference',
        claim: 'Claim',
        filedAt: 'Filed',
        filer: 'Filed by',
        packageSize: 'Items',
        select: 'Select {caseId}',
        selectAll: 'Select all on this page',
        shown: '{shown} shown of {loaded} loaded',
        loadMore: 'Load more',
        noCases: 'No case matches.',
        selected: '{n} selected',
        bulk: 'Bulk actions',
        bulkHint:
            'Each selected case is written on its own, with its own idempotency key: a repeated click writes nothing twice.',
        move: 'Action',
        moveAccept: 'Accept',
        moveJudge: 'Judge',
        document: 'Document fingerprint',
        documentHint: 'sha256:<64 hex>, or choose the document to hash it in the browser',
        hashFile: 'Choose the document',
        hashing: 'Hashing…',
        badFingerprint: 'A fingerprint reads sha256:<64 hex digits>',
        run: 'Apply to {n} cases',
        running: 'Working…',
        progress: 'Progress',
        results: 'Results',
        succeeded: 'Succeeded',
        failed: 'Failed',
        summary: '{ok} succeeded, {bad} failed',
        back: 'Back to the inbox',
        caseTitle: 'Case {caseId}',
        overview: 'Overview',
        integrity: 'Evidence chain integrity',
        intact: 'The chain is intact: nothing was altered',
        broken: 'The chain is broken',
        complete: 'Every stage is present',
        missingStages: 'Missing stages: {stages}',
        timeline: 'Evidence and proceedings',
        evidenceEvent: 'Evidence: {stage}',
        stepEvent: 'Step: {to}',
        attestationEvent: 'Attestation: {statement}',
        writer: 'Written by',
        fingerprint: 'Fingerprint',
        inPackage: 'in the package',
        notInPackage: 'not in the package',
        packageItems: 'Evidence package ({n} items)',
        notOnChain: "not a record of the loan's chain (anchored or sealed)",
        notary: 'Notary',
        statement: 'Statement',
        attest: 'Attest the package',
        attested: 'Attested (transaction {txId})',
        issueReport: 'Issue a notary verification report',
        issuing: 'Issuing the report…',
        reportId: 'Report ID',
        verdict: 'Verdict',
        digest: 'Report digest (SHA-256 of the JWS)',
        downloadPdf: 'Download PDF',
        downloadJws: 'Download JWS',
        forumActions: 'Actions on this case',
        refused: 'Refused',
        readOnly: 'This organisation reads cases only.',
    },
};

/** Case states in words. */
export const STATUS_MESSAGES: Messages<CaseStatus> = {
    'zh-CN': {
        FILED: '已立案',
        ACCEPTED: '已受理',
        REJECTED: '不予受理',
        JUDGED: '已裁判',
        ENFORCED: '已执行',
        CLOSED: '已结案',
    },
    en: {
        FILED: 'Filed',
        ACCEPTED: 'Accepted',
        REJECTED: 'Rejected',
        JUDGED: 'Judged',
        ENFORCED: 'Enforced',
        CLOSED: 'Closed',
    },
};

/** A lifecycle stage in words, from the domain's labels (the ones reports use), so the two never drift. */
export function stageLabel(stage: LifecycleStage, lang: Lang): string {
    return STAGE_LABELS[stage][lang === 'en' ? 'en' : 'zh'];
}
