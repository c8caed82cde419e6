import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The Fabric settings that decide how many transactions the local network commits a second, kept in one place so
 * that each has a measured reason (README, "Performance"), the channel and the nodes read the same values, and a
 * benchmark can start a network with other values (`LENDLEDGER_TUNING`, a JSON object of the fields below, over the
 * topology file's `tuning`, over these defaults) to measure what a change does.
 */
export const TuningSchema = Type.Object(
    {
        blockMaxCount: Type.Optional(
            Type.Integer({
                minimum: 1,
                maximum: 10_000,
                description:
                    "Most transactions in one block (BatchSize.MaxMessageCount, which SmartBFT also takes as its batch's)",
            }),
        ),
        blockIntervalMs: Type.Optional(
            Type.Integer({
                minimum: 10,
                maximum: 10_000,
                description:
                    "Longest a transaction waits for its block to be cut (SmartBFT's RequestBatchMaxInterval, Raft's BatchTimeout)",
            }),
        ),
        validatorPoolSize: Type.Optional(
            Type.Integer({
                minimum: 0,
                maximum: 64,
                description:
                    "Goroutines that validate a block's transactions on each peer; 0 leaves Fabric's (the CPUs)",
            }),
        ),
        quickGossip: Type.Optional(
            Type.Boolean({
                description:
                    'Gossip alive and state-info messages every 1–2 s instead of Fabric’s 4–5 s, so discovery sees a started or dead peer in seconds',
            }),
        ),
        totalQueryLimit: Type.Optional(
            Type.Integer({
                minimum: 1000,
                maximum: 10_000_000,
                description:
                    "Most results a peer answers to one chaincode range or history query (ledger.state.totalQueryLimit; Fabric's 100,000, the rest dropped silently); not a throughput knob: the test instance lowers it so that its suites meet any read of a whole set",
            }),
        ),
    },
    { additionalProperties: false },
);

export type TuningDeclaration = Static<typeof TuningSchema>;

/** Every tuning value, decided. */
export type Tuning = Required<TuningDeclaration>;

/**
 * Measured on the 2-core development machine (README, "Performance"): blocks of up to 500 transactions cut within
 * 100 ms under BFT (250 ms under Raft, whose BatchTimeout is a different knob), Fabric's validator pool, fast gossip,
 * and Fabric's query limit.
 */
export function defaultTuning(bft: boolean): Tuning {
    return {
        blockMaxCount: 500,
        blockIntervalMs: bft ? 100 : 250,
        validatorPoolSize: 0,
        quickGossip: true,
        totalQueryLimit: 100_000,
    };
}

/**
 * The instance's tuning (`bft`: whether it orders with SmartBFT): the defaults, then the topology file's `tuning`, then `LENDLEDGER_TUNING`.
 *
 * @throws Error naming the field when either declaration is not a valid tuning.
 */
export function tuningOf(bft: boolean, declared: TuningDeclaration | undefined, override: string | undefined): Tuning {
    let fromEnv: TuningDeclaration = {};
    if (override !== undefined && override.trim() !== '') {
        let parsed: unknown;
        try {
            parsed = JSON.parse(override);
        } catch {
            throw new Error('LENDLEDGER_TUNING must be a JSON object, e.g. {"blockIntervalMs":50}');
        }
        const problem = Value.Errors(TuningSchema, parsed)[0];
        if (problem !== undefined) {
            throw new Error(`LENDLEDGER_TUNING${problem.instancePath.replace(/\//g, '.')}: ${problem.message}`);
        }
        fromEnv = parsed as TuningDeclaration;
    }
    return { ...defaultTuning(bft), ...declared, ...fromEnv };
}
