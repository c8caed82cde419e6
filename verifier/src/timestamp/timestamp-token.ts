import { CodedError } from '@lendledger/domain';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { TSP_OIDS } from './tsp-oids.js';
import { asWebCryptoBytes } from '../crypto/webcrypto-types.js';

/** A time-stamp token decoded: the CMS signed data and the TSTInfo it signs. */
export interface DecodedTimestampToken {
    readonly signedData: pkijs.SignedData;
    readonly tstInfo: pkijs.TSTInfo;
    readonly genTime: Date;
    /** The token's serial number, hex. */
    readonly serial: string;
    readonly policy: string;
    readonly imprint: { readonly algorithm: string; readonly hashedMessage: Uint8Array };
    /** The certificates the token carries (the TSA's, when it was asked for). */
    readonly certificates: readonly pkijs.Certificate[];
}

/** Bytes that are not a time-stamp token (RFC 3161 §2.4.2: a CMS SignedData over a TSTInfo). */
export class TimestampTokenError extends CodedError {
    constructor(message: string) {
        super('TIMESTAMP_TOKEN_INVALID', message);
    }
}

/**
 * Decodes a DER TimeStampToken. Only the structure: whether anything verifies is for
 * {@link verifyTimestampToken}.
 *
 * @throws {@link TimestampTokenError} naming what is not there.
 */
export function decodeTimestampToken(der: Uint8Array): DecodedTimestampToken {
    // One DER object and nothing after it: bytes appended to a token would otherwise go unnoticed.
    const outer = asn1js.fromBER(asWebCryptoBytes(der));
    if (outer.offset === -1 || outer.offset !== der.length) {
        throw new TimestampTokenError(
            outer.offset === -1 ? 'the token is not DER' : `${der.length - outer.offset} bytes follow the token`,
        );
    }
    let signedData: pkijs.SignedData;
    try {
        const content = new pkijs.ContentInfo({ schema: outer.result });
        if (content.contentType !== TSP_OIDS.signedData) {
            throw new TimestampTokenError(`content type ${content.contentType} is not CMS signed data`);
        }
        signedData = new pkijs.SignedData({ schema: content.content });
    } catch (error) {
        throw error instanceof TimestampTokenError
            ? error
            : new TimestampTokenError(`not a CMS signed data structure: ${(error as Error).message}`);
    }
    const { eContentType, eContent } = signedData.encapContentInfo;
    if (eContentType !== TSP_OIDS.tstInfo || eContent === undefined) {
        throw new TimestampTokenError(`the signed content is ${eContentType}, not a TSTInfo`);
    }
    if (signedData.signerInfos.length !== 1) {
        throw new TimestampTokenError(`a token has one signer, this one ${signedData.signerInfos.length}`);
    }
    let tstInfo: pkijs.TSTInfo;
    try {
        tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
    } catch (error) {
        throw new TimestampTokenError(`the TSTInfo does not decode: ${(error as Error).message}`);
    }
    return {
        signedData,
        tstInfo,
        genTime: tstInfo.genTime,
        serial: Array.from(tstInfo.serialNumber.valueBlock.valueHexView, (b) => b.toString(16).padStart(2, '0')).join(
            '',
        ),
        policy: tstInfo.policy,
        imprint: {
            algorithm: tstInfo.messageImprint.hashAlgorithm.algorithmId,
            hashedMessage: new Uint8Array(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView),
        },
        certificates: (signedData.certificates ?? []).filter(
            (certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate,
        ),
    };
}
