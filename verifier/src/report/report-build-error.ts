import { CodedError } from '@lendledger/domain';

/** Thrown when a report cannot be built or signed from what it was given; `field` names the input to fix. */
export class ReportBuildError extends CodedError {
    readonly field: string;

    constructor(field: string, message: string) {
        super('REPORT_BUILD_FAILED', `cannot issue the notary report: ${message}`);
        this.field = field;
    }
}
