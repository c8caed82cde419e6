import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CodedError } from '@lendledger/domain';

/** A command line the tool cannot run with; the runner prints the usage after the message. */
export class UsageError extends CodedError {
    constructor(message: string) {
        super('USAGE_INVALID', message);
    }
}

/** A command-line tool: its name, its usage text, how it reads its arguments and what it does with them. */
export interface CliTool<T extends ParseArgsConfig> {
    /** Prefix of the tool's error messages. */
    readonly name: string;
    readonly usage: string;
    /** `parseArgs` configuration, without `args`; a boolean `help` option makes `--help` print the usage. */
    readonly arguments: T;
    /** The tool's work; resolves to the exit status. */
    readonly main: (parsed: ReturnType<typeof parseArgs<T>>) => Promise<number> | number;
}

/**
 * Runs a tool on the process's arguments and sets the exit status: what `main` returns, 0 after `--help`, 2 when the
 * command could not run (the message on stderr, followed by the usage for a {@link UsageError}).
 */
export function runCli<T extends ParseArgsConfig>(tool: CliTool<T>): void {
    const run = async (): Promise<number> => {
        const parsed = parseArgs<T>({ ...tool.arguments, args: process.argv.slice(2) });
        if ((parsed.values as Record<string, unknown>)['help'] === true) {
            console.log(tool.usage);
            return 0;
        }
        return tool.main(parsed);
    };
    run().then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            console.error(`${tool.name}: ${(error as Error).message}`);
            if (error instanceof UsageError) {
                console.error(tool.usage);
            }
            process.exitCode = 2;
        },
    );
}
