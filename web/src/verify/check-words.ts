import { type CheckName } from '@lendledger/verifier/verify';
import { type PackageCheckName } from '@lendledger/verifier/package';
import { type CourtQuestion } from '@lendledger/verifier/verify';
import { type Messages } from '../common/i18n.ts';
import { type PageCheckName } from './looked-up.ts';

/**
 * Each receipt check, by the verifier's stable check name, in words a clerk reads: what it establishes when it
 * passes (the verifier's own reason, in English, is shown beneath as secondary text).
 */
export const CHECK_WORDS: Messages<CheckName | PageCheckName> = {
    'zh-CN': {
        'looked-up-fingerprint': '回执中的指纹正是您查询的指纹（或您的文件算出的指纹）',
        'receipt-format': '回执格式正确，区块可以解析',
        'document-hash': '您提供的文件（加盐后）哈希值与指纹一致',
        'inclusion-proof': '指纹确实是批量锚定默克尔树中的一片叶子',
        'fingerprint-written': '该交易把这个指纹写入了账本',
        'transaction-id': '交易编号由提交者和随机数推导，未被篡改',
        'creator-signature': '联盟成员机构的用户签署了这笔交易',
        'endorsement-signatures': '每个背书都是节点对本交易结果的有效签名',
        'endorsement-policy': '足够多的不同机构为这笔交易背书',
        'transaction-in-block': '交易位于区块中所述的位置',
        'block-data-hash': '区块头的数据哈希覆盖了区块中的每笔交易',
        'validation-flag': '提交节点将交易标记为有效',
        'validity-witness': '多个机构的节点签名确认：写入内容仍在账本状态中',
        'orderer-signature':
            '排序服务签署了区块头（拜占庭容错排序：须有法定数量的共识节点签名，且任何单一机构运行的共识节点均不足三分之一）',
        channel: '区块和交易属于联盟的通道',
        chaincode: '联盟的智能合约执行并写入了记录',
        'certificate-chains': '每个签名者的证书都链接到联盟根证书，且使用时有效、未被吊销',
        'trusted-time': '可信时间戳机构为区块盖了时间戳：区块不晚于所示时间已经存在',
        summary: '回执中的文字摘要与签名数据一致',
    },
    en: {
        'looked-up-fingerprint': 'The receipt is of the fingerprint you looked up (or the one your file hashes to)',
        'receipt-format': 'The receipt is well formed and its block can be read',
        'document-hash': 'Your file (with its salt) hashes to the fingerprint',
        'inclusion-proof': 'The fingerprint is a leaf of the anchored Merkle tree',
        'fingerprint-written': 'The transaction wrote this fingerprint into the ledger',
        'transaction-id': 'The transaction ID follows from its creator and nonce, unaltered',
        'creator-signature': 'A user of a consortium member organisation signed the transaction',
        'endorsement-signatures': "Each endorsement is a valid peer signature over this transaction's result",
        'endorsement-policy': 'Enough distinct organisations endorsed the transaction',
        'transaction-in-block': 'The transaction is where the receipt says in its block',
        'block-data-hash': "The block header's data hash covers every transaction of the block",
        'validation-flag': 'The committing peer marked the transaction valid',
        'validity-witness': "Peers of several organisations signed that the write is in the ledger's state",
        'orderer-signature':
            'The ordering service signed the block header (with BFT ordering, a quorum of consenters, of which no single organisation runs a third or more)',
        channel: "The block and the transaction belong to the consortium's channel",
        chaincode: "The consortium's chaincode executed and wrote the record",
        'certificate-chains':
            "Every signer's certificate chains to the consortium roots and was valid, unrevoked, when used",
        'trusted-time': 'A trusted time-stamping authority dated the block: it existed no later than the time shown',
        summary: "The receipt's readable summary says what the signed bytes say",
    },
};

/** Each case-package check in plain words. */
export const PACKAGE_CHECK_WORDS: Messages<PackageCheckName> = {
    'zh-CN': {
        'package-format': '压缩包可以读取，清单格式正确',
        'manifest-hashes': '每个文件都与清单一致：没有被修改、添加或删除',
        'trusted-roots': '根证书受治理：与所用根证书一致，或由其多数成员签署',
        'case-items': '案件记录对应本案，证据项的哈希与包中所述根一致',
        receipts: '每份回执都通过了可信根证书的核验',
        'receipts-belong-to-case': '每份回执都属于本案或该笔借款的证据链',
        'items-covered': '案件的每个证据项在包中都有回执',
        'notary-report': '公证报告真实、由公证机构出具且针对本案',
    },
    en: {
        'package-format': 'The zip reads and its manifest is well formed',
        'manifest-hashes': 'Every file is exactly as the manifest lists it: nothing changed, added or removed',
        'trusted-roots': 'The roots are governed: the ones in use, or signed by a majority of their own members',
        'case-items': "The case record names this case and its items hash to the package's root",
        receipts: 'Every receipt verifies against the trusted roots',
        'receipts-belong-to-case': "Every receipt is of an item of the case or of the loan's chain",
        'items-covered': 'Every item of the case has a receipt in the package',
        'notary-report': 'The notary report is authentic, issued by the notary organisation, and about this case',
    },
};

/** The four questions a court asks of electronic evidence, as the page heads its answers. */
export const QUESTION_WORDS: Messages<CourtQuestion> = {
    'zh-CN': {
        creation: '谁写入的，何时写入？',
        integrity: '写入后是否被改动过？',
        witnesses: '哪些独立机构见证了写入？',
        method: '如何核验，他人能否重复核验？',
    },
    en: {
        creation: 'Who wrote it, and when?',
        integrity: 'Has it changed since it was written?',
        witnesses: 'Which independent organisations witnessed it?',
        method: 'How was it checked, and can anyone repeat it?',
    },
};
