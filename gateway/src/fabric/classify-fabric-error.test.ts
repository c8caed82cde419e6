import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { GatewayError, type ErrorDetail } from '@hyperledger/fabric-gateway';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyFabricError, type EndorsementContext } from './classify-fabric-error.js';
import {
    ChaincodeRejectedError,
    EndorsersDisagreeError,
    EndorserUnreachableError,
    LedgerFailedError,
    LedgerUnavailableError,
} from './ledger-errors.js';

function gatewayError(code: number, message: string, details: ErrorDetail[] = []): GatewayError {
    return new GatewayError({ code, message, details, cause: new Error(message) as ServiceError });
}

const LAUNCH_FAILURE =
    'error in simulation: failed to execute transaction 1f: could not launch chaincode lendledger_1:ab: ' +
    'chaincode registration failed: connection to lendledger_1:ab failed: dial tcp 127.0.0.1:7103: connect: ' +
    'connection refused';

describe('classifyFabricError', () => {
    it('names the organisations whose peers could not launch the chaincode', () => {
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details', [
            { mspId: 'PlatformMSP', address: 'peer0:7100', message: LAUNCH_FAILURE },
        ]);
        const classified = classifyFabricError(error, 'endorse', 'tx1');
        expect(classified).toBeInstanceOf(EndorserUnreachableError);
        expect(classified).toMatchObject({ organizations: ['PlatformMSP'], step: 'endorse', transactionId: 'tx1' });
    });

    it('treats an evaluation whose chaincode stream ended as unreachable', () => {
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to evaluate transaction', [
            { mspId: 'BankMSP', address: 'peer0:7110', message: 'chaincode stream terminated' },
        ]);
        expect(classifyFabricError(error, 'evaluate')).toMatchObject({ organizations: ['BankMSP'] });
    });

    it('treats a peer that cannot yet plan the endorsement policy (just restarted) as unavailable', () => {
        const error = gatewayError(
            GrpcStatus.FAILED_PRECONDITION,
            'no combination of peers can be derived which satisfy the endorsement policy: no peer combination can ' +
                'satisfy the endorsement policy',
        );
        expect(classifyFabricError(error, 'endorse', 'tx1')).toBeInstanceOf(LedgerUnavailableError);
        expect(classifyFabricError(gatewayError(GrpcStatus.FAILED_PRECONDITION, 'other'), 'endorse')).toBeInstanceOf(
            LedgerFailedError,
        );
    });

    it('names the organisations the gateway peer found no peer of', () => {
        const error = gatewayError(
            GrpcStatus.UNAVAILABLE,
            'failed to find any endorsing peers for org(s): CourtMSP, NotaryMSP',
        );
        const classified = classifyFabricError(error, 'endorse');
        expect(classified).toBeInstanceOf(EndorserUnreachableError);
        expect(classified).toMatchObject({ organizations: ['CourtMSP', 'NotaryMSP'] });
    });

    it('keeps a coded chaincode refusal a refusal, even beside an unreachable peer', () => {
        const coded = 'chaincode response 500, {"code":"EVIDENCE_NOT_FOUND","details":{},"message":"no such record"}';
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements', [
            { mspId: 'BankMSP', address: 'peer0:7110', message: coded },
            { mspId: 'CourtMSP', address: 'peer0:7130', message: LAUNCH_FAILURE },
        ]);
        expect(classifyFabricError(error, 'endorse')).toBeInstanceOf(ChaincodeRejectedError);
    });

    it('leaves other endorsement failures as failures', () => {
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to endorse transaction', [
            {
                mspId: 'BankMSP',
                address: 'peer0:7110',
                message: 'access denied: channel [lending] creator org unknown',
            },
        ]);
        expect(classifyFabricError(error, 'endorse')).toBeInstanceOf(LedgerFailedError);
    });

    it('takes the endorsers as disagreeing when the failing endorser’s detail says the payloads do not match', () => {
        // What Fabric's gateway peer answered when the holder's peer had not yet committed the loans' evidence.
        const error = gatewayError(
            GrpcStatus.ABORTED,
            'failed to collect enough transaction endorsements, see attached details for more info',
            [{ mspId: 'InvestorMSP', address: '127.0.0.1:17140', message: 'ProposalResponsePayloads do not match' }],
        );
        expect(classifyFabricError(error, 'endorse', 'tx1')).toBeInstanceOf(EndorsersDisagreeError);
    });

    it('takes a refusal by another organisation alone as a disagreement when the own peer was asked', () => {
        const refused = 'chaincode response 500, {"code":"ABS_COLLECTIONS_UNRECONCILED","details":{},"message":"x"}';
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements', [
            { mspId: 'InvestorMSP', address: 'peer0:7140', message: refused },
        ]);
        const classified = classifyFabricError(error, 'endorse', 'tx1', {
            ownMspId: 'BankMSP',
            endorsingOrganizations: ['BankMSP', 'InvestorMSP'],
        });
        expect(classified).toBeInstanceOf(EndorsersDisagreeError);
        expect((classified as EndorsersDisagreeError).refusal).toMatchObject({
            code: 'ABS_COLLECTIONS_UNRECONCILED',
            transactionId: 'tx1',
        });
    });
});

describe('classifyFabricError: what is not a disagreement', () => {
    const CONTEXT = { ownMspId: 'BankMSP', endorsingOrganizations: ['BankMSP', 'InvestorMSP'] };

    it('keeps a refusal no lag explains a refusal, though only another organisation gave it', () => {
        const refused =
            'chaincode response 500, {"code":"ABS_PRIVATE_DATA_MISMATCH","details":{},"message":"do not match"}';
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements', [
            { mspId: 'InvestorMSP', address: 'peer0:7140', message: refused },
        ]);
        expect(classifyFabricError(error, 'endorse', 'tx1', CONTEXT)).toBeInstanceOf(ChaincodeRejectedError);
    });

    it('does not take an endorser failing with another message that says "mismatch" as a disagreement', () => {
        const error = gatewayError(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements', [
            { mspId: 'InvestorMSP', address: 'peer0:7140', message: 'certificate mismatch for the creator' },
        ]);
        expect(classifyFabricError(error, 'endorse', 'tx1', CONTEXT)).toBeInstanceOf(LedgerFailedError);
    });
});

/*
 * Every shape of endorsement failure Fabric's gateway peer reports: a list of failing endorsers, each of an
 * organisation and with one kind of message, for a call that named its endorsers or let the gateway peer choose.
 * Whatever the arrangement, the classification follows the rules the gateway's retries rely on.
 */
describe('classifyFabricError over every arrangement of failing endorsers', () => {
    const OWN = 'BankMSP';
    const ORGS = [OWN, 'InvestorMSP', 'PlatformMSP', 'Bank2MSP'];
    const MESSAGES = {
        refusal: 'chaincode response 500, {"code":"EVIDENCE_NOT_FOUND","details":{},"message":"no such record"}',
        mismatch: 'ProposalResponsePayloads do not match',
        unreachable: LAUNCH_FAILURE,
        denied: 'access denied: channel [lending] creator org unknown',
    } as const;
    type Kind = keyof typeof MESSAGES;

    const detailArb = fc.record({
        mspId: fc.constantFrom(...ORGS),
        kind: fc.constantFrom(...(Object.keys(MESSAGES) as Kind[])),
    });
    const contextArb: fc.Arbitrary<EndorsementContext> = fc.record(
        { ownMspId: fc.constant(OWN), endorsingOrganizations: fc.subarray(ORGS, { minLength: 1 }) },
        { requiredKeys: ['ownMspId'] },
    );

    function failure(details: readonly { mspId: string; kind: Kind }[]): GatewayError {
        return gatewayError(
            GrpcStatus.ABORTED,
            'failed to collect enough transaction endorsements, see attached details for more info',
            details.map(({ mspId, kind }, index) => ({ mspId, address: `peer${index}:7000`, message: MESSAGES[kind] })),
        );
    }

    it('never lets a refusal by the own peer be retried, and retries one by other peers only when the own peer was asked', () => {
        fc.assert(
            fc.property(fc.array(detailArb, { minLength: 1, maxLength: 6 }), contextArb, (details, context) => {
                fc.pre(details.some(({ kind }) => kind === 'refusal'));
                const classified = classifyFabricError(failure(details), 'endorse', 'tx1', context);
                const ownAsked = context.endorsingOrganizations?.includes(OWN) ?? true;
                const ownFailed = details.some(({ mspId }) => mspId === OWN);
                if (ownAsked && !ownFailed) {
                    expect(classified).toBeInstanceOf(EndorsersDisagreeError);
                    expect((classified as EndorsersDisagreeError).refusal).toMatchObject({
                        code: 'EVIDENCE_NOT_FOUND',
                    });
                } else {
                    expect(classified).toBeInstanceOf(ChaincodeRejectedError);
                }
                // Without knowing who asked, a refusal stays a refusal.
                expect(classifyFabricError(failure(details), 'endorse', 'tx1')).toBeInstanceOf(ChaincodeRejectedError);
            }),
        );
    });

    it('takes every mismatch without a refusal or an unreachable peer as a disagreement, never as a failure', () => {
        fc.assert(
            fc.property(fc.array(detailArb, { minLength: 1, maxLength: 6 }), contextArb, (details, context) => {
                fc.pre(details.some(({ kind }) => kind === 'mismatch'));
                fc.pre(details.every(({ kind }) => kind !== 'refusal' && kind !== 'unreachable'));
                expect(classifyFabricError(failure(details), 'endorse', 'tx1', context)).toBeInstanceOf(
                    EndorsersDisagreeError,
                );
            }),
        );
    });

    it('classifies an evaluate by the same details without ever calling it a disagreement', () => {
        fc.assert(
            fc.property(fc.array(detailArb, { minLength: 1, maxLength: 6 }), contextArb, (details, context) => {
                const classified = classifyFabricError(failure(details), 'evaluate', undefined, context);
                expect(classified).not.toBeInstanceOf(EndorsersDisagreeError);
                if (details.some(({ kind }) => kind === 'refusal')) {
                    expect(classified).toBeInstanceOf(ChaincodeRejectedError);
                }
            }),
        );
    });
});
