import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest orders files by past duration and size, not by name. Suites whose file name starts with `zz-` read what
 * all the others wrote (the ledger PII scan), so they run last, after the usual order of the rest.
 */
export class LastSuitesLastSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
        const sorted = await super.sort(files);
        const runsLast = (file: TestSpecification): boolean => /(^|[\\/])zz-[^\\/]*$/.test(file.moduleId);
        return [...sorted.filter((file) => !runsLast(file)), ...sorted.filter(runsLast)];
    }
}
