import { type Messages } from '../../common/i18n.ts';

/** The investor dashboard's words, 简体中文 first. */
export const M: Messages<
    | 'title'
    | 'dealsHeading'
    | 'noDeals'
    | 'dealId'
    | 'status'
    | 'issuer'
    | 'cutOffDate'
    | 'holders'
    | 'dealTitle'
    | 'backToDeals'
    | 'backToDeal'
    | 'pool'
    | 'figure'
    | 'atCutOff'
    | 'now'
    | 'loanCount'
    | 'balance'
    | 'poolFactor'
    | 'wac'
    | 'warm'
    | 'tapeRoot'
    | 'notCutOff'
    | 'charts'
    | 'noClosedPeriods'
    | 'periods'
    | 'period'
    | 'dates'
    | 'closingBalance'
    | 'cpr'
    | 'cdr'
    | 'smm'
    | 'mdr'
    | 'openReport'
    | 'OPEN'
    | 'CLOSED'
    | 'exports'
    | 'exportMetrics'
    | 'exportLoans'
    | 'loanLookup'
    | 'chart_poolFactor'
    | 'chart_cpr'
    | 'chart_cdr'
    | 'chart_delinquency'
    | 'chart_cumulativeLoss'
    | 'unit_poolFactor'
    | 'unit_cpr'
    | 'unit_cdr'
    | 'unit_delinquency'
    | 'unit_cumulativeLoss'
    | 'dpd1to30'
    | 'dpd31to60'
    | 'dpd61to90'
    | 'dpd60Plus'
    | 'dpd90Plus'
    | 'cumulativeDefaultRate'
    | 'cumulativeNetLoss'
    | 'threshold'
    | 'chartSummary'
    | 'lineSummary'
    | 'dataTable'
    | 'reportTitle'
    | 'digest'
    | 'digestHelp'
    | 'rollForward'
    | 'metrics'
    | 'metric'
    | 'value'
    | 'triggers'
    | 'trigger'
    | 'breached'
    | 'notBreached'
    | 'acknowledge'
    | 'acknowledging'
    | 'acknowledged'
    | 'acknowledgements'
    | 'noAcknowledgements'
    | 'by'
    | 'time'
    | 'notClosed'
    | 'loanIdLabel'
    | 'lookUp'
    | 'included'
    | 'notIncluded'
    | 'proofChecked'
    | 'OTHER_LOAN'
    | 'LEAF_DIFFERS'
    | 'PATH_DOES_NOT_REACH_ROOT'
    | 'NOT_THE_CUT_OFF_TAPE'
    | 'MALFORMED'
    | 'loanStatus'
    | 'daysPastDue'
    | 'rate'
    | 'remainingTerm'
    | 'poolLoans'
    | 'checkProof'
    | 'more'
    | 'openingBalance'
    | 'revolvingPurchasedPrincipal'
    | 'substitutionInPrincipal'
    | 'scheduledPrincipal'
    | 'prepaidPrincipal'
    | 'defaultedPrincipal'
    | 'repurchasedPrincipal'
    | 'substitutedPrincipal'
> = {
    'zh-CN': {
        title: '投资人看板',
        dealsHeading: '我持有的交易',
        noDeals: '本机构尚未持有任何交易。',
        dealId: '交易编号',
        status: '状态',
        issuer: '发起机构',
        cutOffDate: '初始起算日',
        holders: '持有人',
        dealTitle: '交易 {dealId}',
        backToDeals: '返回交易列表',
        backToDeal: '返回交易 {dealId}',
        pool: '资产池',
        figure: '项目',
        atCutOff: '初始起算日',
        now: '当前',
        loanCount: '贷款笔数',
        balance: '未偿本金余额',
        poolFactor: '资产池因子',
        wac: '加权平均利率（年化）',
        warm: '加权平均剩余期限（月）',
        tapeRoot: '贷款清单默克尔根',
        notCutOff: '资产池尚未封包。',
        charts: '各期指标',
        noClosedPeriods: '尚无已结束的收款期间。',
        periods: '收款期间',
        period: '期次',
        dates: '起止日期',
        closingBalance: '期末余额',
        cpr: '年化早偿率 CPR',
        cdr: '年化违约率 CDR',
        smm: '单月早偿率 SMM',
        mdr: '单月违约率 MDR',
        openReport: '查看报告',
        OPEN: '进行中',
        CLOSED: '已结束',
        exports: '导出',
        exportMetrics: '导出各期指标（CSV）',
        exportLoans: '导出资产池贷款（CSV）',
        loanLookup: '贷款查询与包含证明',
        chart_poolFactor: '资产池因子',
        chart_cpr: '年化早偿率 CPR',
        chart_cdr: '年化违约率 CDR',
        chart_delinquency: '逾期率（占期末余额）',
        chart_cumulativeLoss: '累计违约率与累计净损失率',
        unit_poolFactor: '%，期末余额占初始余额',
        unit_cpr: '%，年化',
        unit_cdr: '%，年化',
        unit_delinquency: '%，占期末余额',
        unit_cumulativeLoss: '%，占计算基数',
        dpd1to30: '逾期 1–30 天',
        dpd31to60: '逾期 31–60 天',
        dpd61to90: '逾期 61–90 天',
        dpd60Plus: '逾期 60 天以上',
        dpd90Plus: '逾期 90 天以上',
        cumulativeDefaultRate: '累计违约率',
        cumulativeNetLoss: '累计净损失率',
        threshold: '触发阈值 {trigger}（{comparator} {value}）',
        chartSummary: '{title}（{unit}），第 {from}–{to} 期。{lines}',
        lineSummary: '{name}：由 {first} 至 {last}',
        dataTable: '数据表：{title}',
        reportTitle: '交易 {dealId} 第 {periodNo} 期报告',
        digest: '报告摘要',
        digestHelp: '确认时提交此摘要；报告若有任何改动，链码将拒绝确认。',
        rollForward: '余额滚动',
        metrics: '指标',
        metric: '指标',
        value: '数值',
        triggers: '触发事件',
        trigger: '触发条件',
        breached: '已触发',
        notBreached: '未触发',
        acknowledge: '确认报告',
        acknowledging: '正在确认…',
        acknowledged: '已确认此报告，摘要 {digest}',
        acknowledgements: '确认记录',
        noAcknowledgements: '尚无确认。',
        by: '确认机构',
        time: '时间',
        notClosed: '本期尚未结束，暂无报告。',
        loanIdLabel: '贷款编号（ln_ 开头）',
        lookUp: '查询并核验',
        included: '已包含在贷款清单根 {root} 中（第 {index} 笔，共 {size} 笔）',
        notIncluded: '包含证明未通过：{reason}',
        proofChecked: '包含证明已在本浏览器中按 RFC 9162 核验。',
        OTHER_LOAN: '证明针对的是另一笔贷款',
        LEAF_DIFFERS: '由贷款编号与指纹重算的叶子哈希不符',
        PATH_DOES_NOT_REACH_ROOT: '审计路径无法推导出清单根',
        NOT_THE_CUT_OFF_TAPE: '证明的清单根或规模与封包记录不符',
        MALFORMED: '证明中的哈希格式错误',
        loanStatus: '贷款状态',
        daysPastDue: '逾期天数',
        rate: '利率（年化）',
        remainingTerm: '剩余期限（月）',
        poolLoans: '资产池贷款',
        checkProof: '核验',
        more: '另有 {n} 笔未列出',
        openingBalance: '期初余额',
        revolvingPurchasedPrincipal: '循环购买本金',
        substitutionInPrincipal: '置换入池本金',
        scheduledPrincipal: '计划还款本金',
        prepaidPrincipal: '提前还款本金',
        defaultedPrincipal: '违约本金',
        repurchasedPrincipal: '回购本金',
        substitutedPrincipal: '置换出池本金',
    },
    en: {
        title: 'Investor dashboard',
        dealsHeading: 'Deals we hold',
        noDeals: 'This organisation holds no deal yet.',
        dealId: 'Deal',
        status: 'Status',
        issuer: 'Issuer',
        cutOffDate: 'Cut-off date',
        holders: 'Holders',
        dealTitle: 'Deal {dealId}',
        backToDeals: 'Back to the deals',
        backToDeal: 'Back to deal {dealId}',
        pool: 'Pool',
        figure: 'Figure',
        atCutOff: 'At cut-off',
        now: 'Now',
        loanCount: 'Loans',
        balance: 'Outstanding principal',
        poolFactor: 'Pool factor',
        wac: 'Weighted average rate (a year)',
        warm: 'Weighted average remaining term (months)',
        tapeRoot: 'Loan tape Merkle root',
        notCutOff: 'The pool is not cut off yet.',
        charts: 'Period metrics',
        noClosedPeriods: 'No collection period is closed yet.',
        periods: 'Collection periods',
        period: 'Period',
        dates: 'Dates',
        closingBalance: 'Closing balance',
        cpr: 'CPR (annualised)',
        cdr: 'CDR (annualised)',
        smm: 'SMM (monthly)',
        mdr: 'MDR (monthly)',
        openReport: 'Report',
        OPEN: 'Open',
        CLOSED: 'Closed',
        exports: 'Export',
        exportMetrics: 'Export period metrics (CSV)',
        exportLoans: 'Export pool loans (CSV)',
        loanLookup: 'Loan look-up and inclusion proof',
        chart_poolFactor: 'Pool factor',
        chart_cpr: 'CPR (annualised)',
        chart_cdr: 'CDR (annualised)',
        chart_delinquency: 'Delinquency (share of closing balance)',
        chart_cumulativeLoss: 'Cumulative default rate and net loss',
        unit_poolFactor: '%, closing over initial balance',
        unit_cpr: '%, annualised',
        unit_cdr: '%, annualised',
        unit_delinquency: '%, of closing balance',
        unit_cumulativeLoss: '%, of the basis balance',
        dpd1to30: '1–30 days past due',
        dpd31to60: '31–60 days past due',
        dpd61to90: '61–90 days past due',
        dpd60Plus: '60+ days past due',
        dpd90Plus: '90+ days past due',
        cumulativeDefaultRate: 'Cumulative default rate',
        cumulativeNetLoss: 'Cumulative net loss',
        threshold: 'Trigger {trigger} ({comparator} {value})',
        chartSummary: '{title} ({unit}), periods {from}–{to}. {lines}',
        lineSummary: '{name}: from {first} to {last}',
        dataTable: 'Data table: {title}',
        reportTitle: 'Deal {dealId}, report of period {periodNo}',
        digest: 'Report digest',
        digestHelp: 'Acknowledging sends this digest; the chaincode refuses it if the report differs in any way.',
        rollForward: 'Balance roll-forward',
        metrics: 'Metrics',
        metric: 'Metric',
        value: 'Value',
        triggers: 'Triggers',
        trigger: 'Trigger',
        breached: 'Breached',
        notBreached: 'Not breached',
        acknowledge: 'Acknowledge report',
        acknowledging: 'Acknowledging…',
        acknowledged: 'Report acknowledged, digest {digest}',
        acknowledgements: 'Acknowledgements',
        noAcknowledgements: 'No acknowledgement yet.',
        by: 'Organisation',
        time: 'Time',
        notClosed: 'The period is still open: no report yet.',
        loanIdLabel: 'Loan ID (starts with ln_)',
        lookUp: 'Look up and check',
        included: 'Included in tape root {root} (loan {index} of {size})',
        notIncluded: 'Inclusion proof failed: {reason}',
        proofChecked: 'The inclusion proof was checked in this browser (RFC 9162).',
        OTHER_LOAN: 'the proof is of another loan',
        LEAF_DIFFERS: 'the leaf recomputed from the loan ID and fingerprint differs',
        PATH_DOES_NOT_REACH_ROOT: 'the audit path does not lead to the tape root',
        NOT_THE_CUT_OFF_TAPE: "the proof's root or size is not the cut-off's",
        MALFORMED: 'a hash of the proof is malformed',
        loanStatus: 'Loan status',
        daysPastDue: 'Days past due',
        rate: 'Rate (a year)',
        remainingTerm: 'Remaining term (months)',
        poolLoans: 'Pool loans',
        checkProof: 'Check',
        more: '{n} more not listed',
        openingBalance: 'Opening balance',
        revolvingPurchasedPrincipal: 'Revolving purchases',
        substitutionInPrincipal: 'Substitutes in',
        scheduledPrincipal: 'Scheduled principal',
        prepaidPrincipal: 'Prepaid principal',
        defaultedPrincipal: 'Defaulted principal',
        repurchasedPrincipal: 'Repurchased principal',
        substitutedPrincipal: 'Substituted out',
    },
};

/** A translator over {@link M}. */
export type InvestorT = (key: keyof (typeof M)['en'], values?: Record<string, string | number>) => string;
