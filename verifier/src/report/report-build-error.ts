/** Thrown when a report cannot be built or signed from what it was given; `field` names the input to fix. */
export class ReportBuildError extends Error {
    readonly field: string;

    constructor(field: string, message: string) {
        super(`cannot issue the notary report: ${message}`);
        this.name = ReportBuildError.name;
        this.field = field;
    }
}
