#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { type TapeAnchor, type TapePage } from '@lendledger/domain';
import { verifyTapeExport, verifyTapePage } from '../abs/verify-tape.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-tape <pages.json> ... --deal <dealId> --root <64 hex> --size <loans>
                              [--complete] [--amounts] [--json]

Checks pages of an ABS loan-tape export (GET /v1/abs/deals/{dealId}/pool/tape) offline against the cut-off tape
root you trust (GetPool's cutOff.tapeRoot and cutOff.tapeSize): each page holds exactly the loans of its range of
the tape, in tape order, and each loan's private amounts hash to its public amountsDigest. A file holds one page
or a JSON array of pages.
  --complete  the pages must be the whole export: from the first loan to the last, each once
  --amounts   every page must carry the loans' amounts
  --json      print the result as JSON
Exit status: 0 every page verified, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-tape',
    usage: USAGE,
    arguments: {
        allowPositionals: true,
        options: {
            deal: { type: 'string' },
            root: { type: 'string' },
            size: { type: 'string' },
            complete: { type: 'boolean', default: false },
            amounts: { type: 'boolean', default: false },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
        },
    },
    main: ({ values, positionals }) => {
        if (positionals.length === 0) {
            throw new UsageError('name at least one file of pages');
        }
        const anchor = anchorOf(values);
        const pages = positionals.flatMap((path) => {
            const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
            return (Array.isArray(parsed) ? parsed : [parsed]) as TapePage[];
        });
        const failures = values.complete
            ? verifyTapeExport(pages, anchor).failures
            : pages.flatMap((page, index) => verifyTapePage(page, anchor).failures.map((f) => ({ ...f, page: index })));
        if (values.json) {
            process.stdout.write(
                `${JSON.stringify({ ok: failures.length === 0, pages: pages.length, failures }, null, 2)}\n`,
            );
        } else if (failures.length === 0) {
            const loans = pages.reduce((sum, page) => sum + (Array.isArray(page.entries) ? page.entries.length : 0), 0);
            process.stdout.write(`verified: ${pages.length} pages, ${loans} loans against tape root ${values.root}\n`);
        } else {
            for (const failure of failures) {
                process.stdout.write(`FAILED page ${failure.page ?? '-'}: ${failure.code} ${failure.message}\n`);
            }
        }
        return failures.length === 0 ? 0 : 1;
    },
});

function anchorOf(values: { deal?: string; root?: string; size?: string; amounts?: boolean }): TapeAnchor {
    const size = Number(values.size);
    if (values.deal === undefined || values.root === undefined || !Number.isSafeInteger(size) || size < 1) {
        throw new UsageError('--deal, --root and --size (the tape size, a positive integer) are required');
    }
    return {
        dealId: values.deal,
        tapeRoot: values.root,
        tapeSize: size,
        ...(values.amounts === true ? { expectAmounts: true } : {}),
    };
}
