import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { GatewayError, type ErrorDetail } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { classifyFabricError } from './classify-fabric-error.js';
import {
    ChaincodeRejectedError,
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
});
