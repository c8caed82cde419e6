import { PACKAGE_FILES, PACKAGE_FORMAT, RECEIPTS_FOLDER } from './package-format.js';

/**
 * `GUIDE.md`, the clerk's guide inside every package: Chinese first, then English. Static text, so it is the same in
 * every package and says nothing about the case that the signed files do not.
 */
export const PACKAGE_GUIDE = `# 案件证据包说明 / Case evidence package guide

格式 / Format: \`${PACKAGE_FORMAT}\`

## 中文

本压缩包是 LendLedger 联盟链上一个纠纷案件（向法院起诉或向仲裁委员会申请仲裁）的完整证据包，可离线归档和核验，核验时无需联网，也无需信任提供本包的任何一方。

**一条命令核验：**

\`\`\`
npx lendledger-verify-package 案件包.zip --roots 受理机构固定的根证书包.json
\`\`\`

退出码 0 表示全部核验通过，1 表示某项核验未通过（输出会写明是哪个文件、哪一项）。未给出 \`--roots\` 时，工具仅在包内自带的 \`${PACKAGE_FILES.roots}\` 由其过半数成员机构的管理员签署时才信任它，并会明确提示；法院或仲裁委员会应使用自己事先固定（pin）的根证书包（\`--pin <SHA-256>\` 核对其摘要），此后收到的签署更新版本以 \`--update\` 按先后给出。

**各文件含义：**

| 文件 | 内容 |
| --- | --- |
| \`${PACKAGE_FILES.manifest}\` | 清单：案件编号、生成时间、其他每个文件的 SHA-256 与字节数，以及无法提供的文件及原因 |
| \`${PACKAGE_FILES.case}\` | 案件记录及其证据包条目（指纹列表、默克尔根） |
| \`${PACKAGE_FILES.chain}\` | 该笔贷款的证据哈希链视图 |
| \`${RECEIPTS_FOLDER}*.json\` | 每个证据条目的收据：包含写入该指纹的区块、交易、背书签名与排序节点签名，可独立验证 |
| \`${PACKAGE_FILES.roots}\` | 生成本包的网关所配置的联盟根证书包 |
| \`${PACKAGE_FILES.reportJws}\` | 公证处签名的核验报告（JWS），如有 |
| \`${PACKAGE_FILES.reportPdf}\` | 同一报告的 PDF 版本，供阅读；具有证明力的是 JWS |
| \`${PACKAGE_FILES.reportTimestamp}\` | 报告 JWS 的可信时间戳（RFC 3161），证明报告不晚于其中所载时间存在 |

清单本身不带签名：它保证包内文件未被改动、增加或删除；每张收据和公证报告的真实性由其中的签名证明。

## English

This zip is the complete evidence package of one dispute case (filed to a court or to an arbitration commission) on the
LendLedger consortium ledger. It can be archived and checked offline, with no network and without trusting whoever
handed it over.

**Verify it in one command:**

\`\`\`
npx lendledger-verify-package case.zip --roots pinned-roots.json
\`\`\`

Exit status 0 means every check passed; 1 means a check failed (the output names the file and the check). Without
\`--roots\` the tool trusts the package's own \`${PACKAGE_FILES.roots}\` only if admins of a majority of its members signed
it, and says so; a court or arbitration commission should use the roots bundle it pinned beforehand (\`--pin <SHA-256>\` checks its digest) and
give the signed later versions it received with \`--update\`, oldest first.

**What each file is:**

| File | Content |
| --- | --- |
| \`${PACKAGE_FILES.manifest}\` | Case ID, creation time, the SHA-256 and size of every other file, and what could not be included and why |
| \`${PACKAGE_FILES.case}\` | The case record and its evidence package items (fingerprints and their Merkle root) |
| \`${PACKAGE_FILES.chain}\` | The loan's hash-linked evidence chain |
| \`${RECEIPTS_FOLDER}*.json\` | One receipt per item: the block, transaction, endorsements and orderer signature that wrote it, checkable alone |
| \`${PACKAGE_FILES.roots}\` | The consortium roots bundle the issuing gateway is configured with |
| \`${PACKAGE_FILES.reportJws}\` | The notary's signed verification report (JWS), when there is one |
| \`${PACKAGE_FILES.reportPdf}\` | The same report as a PDF to read; the JWS is what is signed |
| \`${PACKAGE_FILES.reportTimestamp}\` | The report's trusted time-stamp (RFC 3161) over its JWS: the report existed no later than the time it states |

The manifest itself is not signed: it shows that no file was changed, added or removed since the package was made.
The receipts' and the report's signatures are what prove their authenticity.
`;
