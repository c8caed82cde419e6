#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { type TapeAnchor, type TapePage } from '@lendledger/domain';
import { verifyTapeExport, verifyTapePage } from '../abs/verify-tape.js';
import { runCli, UsageError } from './run-cli.js';

const USAGE = `Usage: lendledger-verify-tape <pages.json> ... --deal <dealId> --root <64 hex> --size <loans>
                              [--complete [--original-principal <total>]] [--amounts] [--json]

Checks pages of an ABS loan-tape export (GET /v1/abs/deals/{dealId}/pool/tape) offline against the cut-off tape
root and size you trust (GetPool's cutOff.tapeRoot and cutOff.tapeSize). A file holds one page or a JSON array of
pages.
Proved against the root and size: each page holds exactly the loans of its range of the tape, in tape order, each
with the loanId and fingerprint of its tape leaf, and the page's place in the tape.
NOT proved: the private amounts and amountsDigest (the tape leaf does not cover them: whoever relays a page can
change an amount and recompute its digest), nor the loans' other public fields (status, rate, terms, ...). They
are as good as the peer that answered. That each loan's amounts hash to its amountsDigest is checked only for the
page's consistency.
  --complete            the pages must be the whole export: from the first loan to the last, each once
  --original-principal  with --complete: the loans' original principals must sum to this total, GetPool's
                        cutOff.originalPrincipal (trusted as the root is); the one check of amounts against the
                        ledger, and only of their sum
  --amounts             every page must carry the loans' amounts
  --json                print the result as JSON
Exit status: 0 every check passed, 1 a check failed, 2 the command could not run.`;

runCli({
    name: 'lendledger-verify-tape',
    usage: USAGE,
    arguments: {
        allowPositionals: true,
        options: {
            deal: { type: 'string' },
            root: { type: 'string' },
            size: { type: 'string' },
            'original-principal': { type: 'string' },
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
        const withAmounts = pages.some((page) => page.withAmounts === true);
        const totalChecked = anchor.originalPrincipal !== undefined;
        if (values.json) {
            const result = {
                ok: failures.length === 0,
                pages: pages.length,
                failures,
                amountsProved: false,
                originalPrincipalChecked: totalChecked,
            };
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } else if (failures.length === 0) {
            const loans = pages.reduce((sum, page) => sum + (Array.isArray(page.entries) ? page.entries.length : 0), 0);
            process.stdout.write(`verified: ${pages.length} pages, ${loans} loans against tape root ${values.root}\n`);
            process.stdout.write(`${amountsLine(withAmounts, totalChecked)}\n`);
        } else {
            for (const failure of failures) {
                process.stdout.write(`FAILED page ${failure.page ?? '-'}: ${failure.code} ${failure.message}\n`);
            }
        }
        return failures.length === 0 ? 0 : 1;
    },
});

/** What a passing run says of the amounts: never that the root proved them. */
function amountsLine(withAmounts: boolean, totalChecked: boolean): string {
    if (!withAmounts) {
        return 'amounts: none in the pages';
    }
    const total = totalChecked
        ? "; their original principals sum to the cut-off record's total"
        : '; no total checked (--original-principal)';
    return (
        'amounts: UNPROVEN, as the answering peer gave them (the tape root does not cover them); ' +
        `each consistent with its page's amountsDigest${total}`
    );
}

function anchorOf(values: {
    deal?: string;
    root?: string;
    size?: string;
    amounts?: boolean;
    complete?: boolean;
    'original-principal'?: string;
}): TapeAnchor {
    const size = Number(values.size);
    if (values.deal === undefined || values.root === undefined || !Number.isSafeInteger(size) || size < 1) {
        throw new UsageError('--deal, --root and --size (the tape size, a positive integer) are required');
    }
    const total = values['original-principal'];
    if (total !== undefined && (values.complete !== true || !/^(0|[1-9][0-9]*)$/.test(total))) {
        throw new UsageError('--original-principal takes a non-negative integer and needs --complete');
    }
    if (total !== undefined && !Number.isSafeInteger(Number(total))) {
        throw new UsageError('--original-principal must be a safe integer');
    }
    return {
        dealId: values.deal,
        tapeRoot: values.root,
        tapeSize: size,
        ...(values.amounts === true ? { expectAmounts: true } : {}),
        ...(total === undefined ? {} : { originalPrincipal: Number(total) }),
    };
}
