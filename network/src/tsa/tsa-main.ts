import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LENDLEDGER_TSA_POLICY, privateKeyFromPem, TimestampResponder } from '@lendledger/verifier/tsa';
import { createTsaServer } from './tsa-server.ts';

/**
 * The notary organisation's time-stamping authority of the local network, one process: `node tsa-main.ts --key
 * <pem> --cert <pem> --port <n>`. Tokens state an accuracy of one second (genTime is the system clock cut to the
 * second).
 */
const { values } = parseArgs({
    options: {
        key: { type: 'string' },
        cert: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
    },
});
if (!values.key || !values.cert || !values.port) {
    console.error('usage: tsa-main.ts --key <pkcs8.pem> --cert <certificate.pem> --port <port> [--host <address>]');
    process.exit(2);
}
const responder = new TimestampResponder({
    privateKey: await privateKeyFromPem(readFileSync(values.key, 'utf8')),
    certificatePem: readFileSync(values.cert, 'utf8'),
    policy: LENDLEDGER_TSA_POLICY,
    accuracySeconds: 1,
});
const server = createTsaServer(responder);
server.listen(Number(values.port), values.host, () => {
    console.log(`time-stamping authority listening on http://${values.host}:${values.port}/`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => server.close(() => process.exit(0)));
}
