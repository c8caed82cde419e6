/**
 * A stand-in render worker for the renderer's failure tests: a JWS of `crash` ends the thread with code 3, `hang`
 * is never answered (a render stuck for good), anything else is answered at once with the JWS's bytes.
 */
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
port.on('message', (request: { id: number; jws: string }) => {
    if (request.jws === 'crash') {
        process.exit(3);
    }
    if (request.jws !== 'hang') {
        port.postMessage({ id: request.id, pdf: new TextEncoder().encode(request.jws) });
    }
});
