import { type Messages } from '../common/i18n.ts';
import { type ErrorMessageKey } from './page-error.ts';

type Key =
    | 'title'
    | 'intro'
    | 'byDocument'
    | 'file'
    | 'fileHint'
    | 'salt'
    | 'saltHelp'
    | 'orFingerprint'
    | 'fingerprint'
    | 'sealedBatch'
    | 'sealedBatchHelp'
    | 'check'
    | 'hashing'
    | 'fetching'
    | 'verifying'
    | 'offline'
    | 'offlineIntro'
    | 'dropHere'
    | 'chooseFiles'
    | 'verified'
    | 'notVerified'
    | 'verifiedLead'
    | 'notVerifiedLead'
    | 'writtenBy'
    | 'clientTime'
    | 'clientTimeNote'
    | 'trustedTime'
    | 'noTrustedTime'
    | 'endorsedBy'
    | 'unchanged'
    | 'unchangedYes'
    | 'unchangedNo'
    | 'block'
    | 'transaction'
    | 'yourFile'
    | 'allChecks'
    | 'pass'
    | 'fail'
    | 'skip'
    | 'failedChecks'
    | 'raw'
    | 'download'
    | 'rootsUsed'
    | 'rootsFromGateway'
    | 'rootsFromFile'
    | 'rootsCached'
    | 'rootsVersion'
    | 'rootsPin'
    | 'rootsPinHelp'
    | 'publishedPin'
    | 'publishedPinHelp'
    | 'noRoots'
    | 'package'
    | 'packageVerified'
    | 'packageNotVerified'
    | 'packageCase'
    | 'packageTrustPinned'
    | 'packageTrustPackage'
    | 'packageTrustNone'
    | 'packageReceipts'
    | 'established'
    | 'notEstablished'
    | 'needFileOrFingerprint'
    | 'needSalt'
    | ErrorMessageKey
    | 'verifiedPinned'
    | 'verifiedUnpinned'
    | 'rootsPinnedLead'
    | 'rootsUnpinnedGateway'
    | 'rootsUnpinnedFile'
    | 'rootsUnpinnedCached'
    | 'lookedUpMismatch'
    | 'verifierReason'
    | 'pinPanel'
    | 'errorCode';

/** The verification page's words, 简体中文 first. */
export const MESSAGES: Messages<Key> = {
    'zh-CN': {
        title: '存证核验',
        intro: '核验一份文件是否已存证于 LendLedger 联盟账本。文件只在您的浏览器中计算哈希，不会上传；核验也在您的浏览器中完成，不依赖服务器的说法。',
        byDocument: '按文件或指纹查询',
        file: '文件',
        fileHint: '把文件拖到这里，或点击选择',
        salt: '盐值（十六进制）',
        saltHelp:
            '盐值是存证时与文件一起计算哈希的一串随机数，由存证方保管并交给您。没有盐值，任何人都无法从指纹猜出文件内容。',
        orFingerprint: '或者直接粘贴指纹',
        fingerprint: '指纹（sha256:…）',
        sealedBatch: '封存批次根（可选）',
        sealedBatchHelp: '如果存证方给了您封存批次的根（64 位十六进制），请填写。',
        check: '核验',
        hashing: '正在计算文件哈希…',
        fetching: '正在查询回执…',
        verifying: '正在浏览器中核验…',
        offline: '离线核验回执或案件包',
        offlineIntro: '拖入回执文件（.json）、案件包（.zip）或根证书包（roots.json）。离线核验不发出任何网络请求。',
        dropHere: '把文件拖到这里',
        chooseFiles: '选择文件',
        verified: '核验通过',
        notVerified: '核验未通过',
        verifiedLead: '所有检查均已通过：该记录已写入联盟账本，且此后未被改动。',
        notVerifiedLead: '有检查未通过，不能依赖这份回执。未通过的检查：',
        writtenBy: '写入者',
        clientTime: '提交时间（提交方自述）',
        clientTimeNote: '此时间由提交方写入，只作参考；可信时间见下。',
        trustedTime: '可信时间',
        noTrustedTime: '没有可信时间戳',
        endorsedBy: '见证（背书）机构',
        unchanged: '此后未被改动',
        unchangedYes: '是：区块、交易与写入内容均与签名一致',
        unchangedNo: '不能确认',
        block: '区块',
        transaction: '交易',
        yourFile: '您的文件',
        allChecks: '全部检查',
        pass: '通过',
        fail: '未通过',
        skip: '不适用',
        failedChecks: '未通过的检查',
        raw: '查看原始回执（JSON）',
        download: '下载回执',
        rootsUsed: '所用根证书',
        rootsFromGateway: '来自本网关（/public/v1/roots）',
        rootsFromFile: '来自您提供的文件',
        rootsCached: '来自本浏览器先前保存的副本',
        rootsVersion: '版本',
        rootsPin: '指纹（Roots-Body-SHA256）',
        rootsPinHelp: '请将此值与法院或联盟公布的值逐字比对。',
        publishedPin: '公布的根证书指纹（可选）',
        publishedPinHelp: '填写后，每次核验（在线查询或离线核验）所用的根证书都必须与之一致，否则不予采信。',
        noRoots: '尚无根证书：请先在线查询一次，或拖入 roots.json。',
        package: '案件包',
        packageVerified: '案件包核验通过',
        packageNotVerified: '案件包核验未通过',
        packageCase: '案件',
        packageTrustPinned: '以您所用的根证书为准核验',
        packageTrustPackage: '以包内自带的根证书核验（由其多数成员签署，但由制包方选择）',
        packageTrustNone: '没有可信的根证书',
        packageReceipts: '包内回执',
        established: '成立',
        notEstablished: '不成立',
        needFileOrFingerprint: '请选择文件并填写盐值，或粘贴指纹。',
        needSalt: '请填写盐值（十六进制）。',
        'error.PUBLIC_RECEIPT_NOT_FOUND': '本网关查不到这个指纹的回执：文件、盐值或指纹可能有误，或尚未存证。',
        'error.PUBLIC_LOOKUP_DISABLED': '本网关未开放公开查询。',
        'error.RATE_LIMITED': '查询过于频繁，请稍后再试。',
        'error.NETWORK': '无法连接网关，请检查网络。',
        'error.NOT_JSON': '该文件不是 JSON 文件。',
        'error.UNKNOWN_FILE': '无法识别该文件：请拖入回执（.json）、案件包（.zip）或 roots.json。',
        'error.BAD_SALT': '盐值必须是十六进制（0-9、a-f），且为偶数位。',
        'error.BAD_FINGERPRINT': '指纹格式应为 sha256: 加 64 位十六进制。',
        'error.NO_ROOTS': '尚无根证书：请同时拖入 roots.json，或先在线查询一次。',
        'error.ROOTS': '根证书不可信',
        'error.OTHER': '出错了',
        'error.BAD_SEALED_BATCH': '封存批次根应为 64 位十六进制（0-9、a-f），不带前缀。',
        'error.SEVERAL_FILES':
            '一次只能核验一份回执或一个案件包（可同时拖入一个 roots.json）。请逐一拖入，每份文件单独核验。',
        'error.ROOTS_PIN_MISMATCH': '根证书与您填写的公布指纹不一致，不予采信；本次没有核验任何内容。',
        verifiedPinned: '核验通过（依据与公布指纹一致的根证书）',
        verifiedUnpinned: '核验通过，但根证书未经公布指纹核对',
        rootsPinnedLead: '所用根证书与您填写的公布指纹逐字一致。',
        rootsUnpinnedGateway:
            '所用根证书来自本网关，未与公布的指纹核对：本结论只在这些根证书可信时成立。请将下方“所用根证书”中的指纹与法院或联盟公布的值比对，或在上方填写公布的指纹后重新核验。',
        rootsUnpinnedFile:
            '所用根证书来自您提供的文件，未与公布的指纹核对：请将下方指纹与法院或联盟公布的值比对，或在上方填写公布的指纹后重新核验。',
        rootsUnpinnedCached:
            '所用根证书来自本浏览器先前保存的副本，未与公布的指纹核对：请将下方指纹与公布的值比对，或在上方填写公布的指纹后重新核验。',
        lookedUpMismatch: '这份回执不是您所查询指纹的回执：回执中的指纹为 {actual}，您查询的是 {expected}。',
        verifierReason: '核验程序的原文说明（英文）：',
        pinPanel: '根证书',
        errorCode: '错误代码',
    },
    en: {
        title: 'Verify evidence',
        intro: 'Check whether a file is recorded on the LendLedger consortium ledger. The file is hashed in your browser and never uploaded; the verification also runs in your browser and rests on no server’s word.',
        byDocument: 'Look up by file or fingerprint',
        file: 'File',
        fileHint: 'Drop the file here, or click to choose',
        salt: 'Salt (hex)',
        saltHelp:
            'The salt is a random value hashed together with the file when it was recorded; whoever recorded it keeps it and gives it to you. Without it, nobody can guess the file from its fingerprint.',
        orFingerprint: 'Or paste a fingerprint',
        fingerprint: 'Fingerprint (sha256:…)',
        sealedBatch: 'Sealed batch root (optional)',
        sealedBatchHelp: 'If you were given the root of a sealed batch (64 hex), enter it.',
        check: 'Verify',
        hashing: 'Hashing the file…',
        fetching: 'Fetching the receipt…',
        verifying: 'Verifying in your browser…',
        offline: 'Verify a receipt or case package offline',
        offlineIntro:
            'Drop a receipt (.json), a case package (.zip) or a roots bundle (roots.json). Offline verification makes no network request.',
        dropHere: 'Drop files here',
        chooseFiles: 'Choose files',
        verified: 'Verified',
        notVerified: 'Not verified',
        verifiedLead: 'Every check passed: the record was written to the consortium ledger and has not changed since.',
        notVerifiedLead: 'A check failed: do not rely on this receipt. Failed checks:',
        writtenBy: 'Written by',
        clientTime: 'Submitted at (the submitter’s own clock)',
        clientTimeNote: 'The submitter wrote this time; the trusted time is below.',
        trustedTime: 'Trusted time',
        noTrustedTime: 'No trusted time-stamp',
        endorsedBy: 'Witnessed (endorsed) by',
        unchanged: 'Unchanged since',
        unchangedYes: 'Yes: block, transaction and write all match their signatures',
        unchangedNo: 'Cannot be confirmed',
        block: 'Block',
        transaction: 'Transaction',
        yourFile: 'Your file',
        allChecks: 'All checks',
        pass: 'passed',
        fail: 'failed',
        skip: 'not applicable',
        failedChecks: 'Failed checks',
        raw: 'Show the raw receipt (JSON)',
        download: 'Download the receipt',
        rootsUsed: 'Roots used',
        rootsFromGateway: 'from this gateway (/public/v1/roots)',
        rootsFromFile: 'from the file you gave',
        rootsCached: 'from a copy this browser kept earlier',
        rootsVersion: 'version',
        rootsPin: 'Pin (Roots-Body-SHA256)',
        rootsPinHelp: 'Compare this value, character by character, with the one the court or consortium published.',
        publishedPin: 'Published roots pin (optional)',
        publishedPinHelp:
            'When given, the roots of every verification, online or offline, must match it or they are not trusted.',
        noRoots: 'No roots yet: look something up online once, or drop a roots.json.',
        package: 'Case package',
        packageVerified: 'Case package verified',
        packageNotVerified: 'Case package not verified',
        packageCase: 'Case',
        packageTrustPinned: 'checked against the roots you use',
        packageTrustPackage:
            'checked against the package’s own roots (signed by a majority of their members, but chosen by its maker)',
        packageTrustNone: 'no roots could be trusted',
        packageReceipts: 'Receipts in the package',
        established: 'established',
        notEstablished: 'not established',
        needFileOrFingerprint: 'Choose a file and enter its salt, or paste a fingerprint.',
        needSalt: 'Enter the salt (hex).',
        'error.PUBLIC_RECEIPT_NOT_FOUND':
            'This gateway has no receipt of this fingerprint: the file, salt or fingerprint may be wrong, or it was never recorded.',
        'error.PUBLIC_LOOKUP_DISABLED': 'This gateway offers no public look-up.',
        'error.RATE_LIMITED': 'Too many look-ups; please try again shortly.',
        'error.NETWORK': 'The gateway cannot be reached; check the network.',
        'error.NOT_JSON': 'This file is not JSON.',
        'error.UNKNOWN_FILE':
            'This file is not recognised: drop a receipt (.json), a case package (.zip) or roots.json.',
        'error.BAD_SALT': 'The salt must be hex (0-9, a-f) with an even number of digits.',
        'error.BAD_FINGERPRINT': 'A fingerprint is sha256: followed by 64 hex digits.',
        'error.NO_ROOTS': 'No roots to verify against: drop a roots.json too, or look something up online once.',
        'error.ROOTS': 'The roots cannot be trusted',
        'error.OTHER': 'Something went wrong',
        'error.BAD_SEALED_BATCH': 'A sealed batch root is 64 hex digits (0-9, a-f), with no prefix.',
        'error.SEVERAL_FILES':
            'Verify one receipt or one case package at a time (with at most one roots.json). Drop them one by one: each is verified on its own.',
        'error.ROOTS_PIN_MISMATCH':
            'The roots do not match the published pin you entered, so they are not trusted; nothing was verified.',
        verifiedPinned: 'Verified (against roots matching the published pin)',
        verifiedUnpinned: 'Verified, but the roots were not checked against a published pin',
        rootsPinnedLead: 'The roots used match, character for character, the published pin you entered.',
        rootsUnpinnedGateway:
            'The roots came from this gateway and were not checked against a published pin: this verdict holds only if those roots are genuine. Compare the pin under “Roots used” below with the one the court or consortium published, or enter the published pin above and verify again.',
        rootsUnpinnedFile:
            'The roots came from the file you gave and were not checked against a published pin: compare the pin below with the published one, or enter the published pin above and verify again.',
        rootsUnpinnedCached:
            'The roots came from a copy this browser kept and were not checked against a published pin: compare the pin below with the published one, or enter the published pin above and verify again.',
        lookedUpMismatch:
            'This receipt is not of the fingerprint you looked up: it is of {actual}, and you looked up {expected}.',
        verifierReason: 'The verifier’s reason:',
        pinPanel: 'Roots',
        errorCode: 'Error code',
    },
};
