import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import {
    ENDORSEMENT_QUORUM,
    MAX_MEMBERS,
    MEMBER_ROLES,
    MSP_ID_PATTERN,
    ORDERER_MSP_ID,
    PRODUCT_CODE_PATTERN,
    type MemberRole,
} from '@lendledger/domain';
import { TuningSchema } from './tuning.ts';

/**
 * The topology file (network/topology.json): for each named instance of the local network, its port base, data
 * folder, ordering service (BFT among members, or Raft of one ordering organisation) and member organisations with
 * their roles. Its shape is the schema below; what a schema
 * cannot say (distinct keys and MSP IDs, one time-stamping authority run by a notary, enough members to endorse) is
 * checked after it, and every problem is reported at once with the JSON path it concerns.
 */

/** Organisation keys name folders, host names (`<key>.lendledger.test`), URLs and token claims: a DNS label. */
export const ORG_KEY_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

/** Instance names become folder names and CLI arguments. */
export const INSTANCE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Orderer i listens on base+50+i, its admin on base+60+i and its operations on base+70+i: ten slots each. Members
 * are bounded by the registry's {@link MAX_MEMBERS}; org 63's peer block ends at base+733, below the gateways.
 */
export const MAX_ORDERERS = 9;

/**
 * A bank's admission of a platform for products (名单制) that the instance's first `up` records, so that a fresh
 * development network takes a loan's evidence without a step of its own. It is an ordinary admission record: the
 * bank may withdraw it like any other.
 */
const AdmitsSchema = Type.Object(
    {
        platform: Type.String({
            pattern: MSP_ID_PATTERN.source,
            description: "MSP ID of one of the instance's platforms",
        }),
        products: Type.Array(Type.String({ pattern: PRODUCT_CODE_PATTERN.source, maxLength: 32 }), {
            minItems: 1,
            uniqueItems: true,
        }),
    },
    { additionalProperties: false },
);

const OrganisationSchema = Type.Object(
    {
        key: Type.String({ pattern: ORG_KEY_PATTERN.source, description: 'Short name: folders, host names, URLs' }),
        mspId: Type.String({ pattern: MSP_ID_PATTERN.source, description: 'Fabric MSP ID, e.g. Bank2MSP' }),
        roles: Type.Array(Type.Union(MEMBER_ROLES.map((role) => Type.Literal(role))), {
            minItems: 1,
            uniqueItems: true,
            description: 'Roles the founding membership registry gives the organisation',
        }),
        tsa: Type.Optional(Type.Boolean({ description: "Runs the consortium's time-stamping authority (a notary)" })),
        admits: Type.Optional(
            Type.Array(AdmitsSchema, {
                minItems: 1,
                description: 'Platforms this bank admits, per product, when the instance is first brought up',
            }),
        ),
    },
    { additionalProperties: false },
);

/** The ordering service's consensus: Fabric's SmartBFT run by members, or Raft run by one ordering organisation. */
export const CONSENSUS_TYPES = ['BFT', 'etcdraft'] as const;
export type ConsensusType = (typeof CONSENSUS_TYPES)[number];

/** A BFT service of n orderers tolerates ⌊(n − 1) / 3⌋ faulty ones: four is the least that survives one. */
export const MIN_BFT_ORDERERS = 4;

const InstanceSchema = Type.Object(
    {
        portBase: Type.Integer({ minimum: 1024, maximum: 64000 }),
        dataDir: Type.String({ minLength: 1, description: 'Relative to the repository root, or absolute' }),
        consensus: Type.Optional(
            Type.Union(
                CONSENSUS_TYPES.map((type) => Type.Literal(type)),
                {
                    description:
                        'BFT: one orderer per ordererOperators member; etcdraft (the default): `orderers` of OrdererMSP',
                },
            ),
        ),
        orderers: Type.Integer({
            minimum: 1,
            maximum: MAX_ORDERERS,
            description: 'Raft only: how many orderers the ordering organisation (OrdererMSP) runs',
        }),
        ordererOperators: Type.Optional(
            Type.Array(Type.String({ pattern: ORG_KEY_PATTERN.source }), {
                minItems: MIN_BFT_ORDERERS,
                maxItems: MAX_ORDERERS,
                uniqueItems: true,
                description: 'BFT: the organisations (keys) that each run one orderer, consenter 1, 2, … in order',
            }),
        ),
        organisations: Type.Array(OrganisationSchema, { minItems: ENDORSEMENT_QUORUM, maxItems: MAX_MEMBERS }),
        tuning: Type.Optional(TuningSchema),
    },
    { additionalProperties: false },
);

/** The schema of network/topology.json. */
export const TopologyFileSchema = Type.Object(
    {
        $comment: Type.Optional(Type.String()),
        instances: Type.Record(Type.String({ pattern: INSTANCE_NAME_PATTERN.source }), InstanceSchema, {
            minProperties: 1,
            additionalProperties: false,
        }),
    },
    { additionalProperties: false },
);

export type TopologyFile = Static<typeof TopologyFileSchema>;
export type InstanceDeclaration = Static<typeof InstanceSchema>;

/** One member organisation as the file declares it. */
export interface OrganisationDeclaration {
    readonly key: string;
    readonly mspId: string;
    readonly roles: readonly MemberRole[];
    readonly tsa?: boolean;
    readonly admits?: readonly PlatformAdmission[];
}

/** A platform a bank of the file admits for products on the instance's first `up`. */
export interface PlatformAdmission {
    readonly platform: string;
    readonly products: readonly string[];
}

/** A topology file that is not valid JSON, does not fit the schema or breaks a rule across organisations. */
export class TopologyFileError extends Error {
    readonly file: string;
    readonly problems: readonly string[];

    // No parameter properties: the CLI runs this file with Node's type stripping, which does not support them.
    constructor(file: string, problems: readonly string[]) {
        super(`invalid topology file ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
        this.name = 'TopologyFileError';
        this.file = file;
        this.problems = problems;
    }
}

/**
 * Parses and checks the text of a topology file; `file` only names it in errors.
 *
 * @throws TopologyFileError listing every problem found.
 */
export function parseTopologyFile(text: string, file: string): TopologyFile {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new TopologyFileError(file, [`not JSON: ${(error as Error).message}`]);
    }
    const schemaProblems = [...Value.Errors(TopologyFileSchema, value)]
        // A property the schema forbids is reported twice (its own subschema is `false`): keep the clearer one.
        .filter((error) => error.keyword !== 'boolean')
        .map((error) => `${error.instancePath || '/'}: ${describe(error)}`);
    if (schemaProblems.length > 0) {
        throw new TopologyFileError(file, [...new Set(schemaProblems)]);
    }
    const topology = value as TopologyFile;
    const problems = Object.entries(topology.instances).flatMap(([name, instance]) =>
        instanceProblems(`/instances/${name}`, instance),
    );
    if (problems.length > 0) {
        throw new TopologyFileError(file, problems);
    }
    return topology;
}

/** Reads and checks a topology file. @throws TopologyFileError when it cannot be read or is invalid. */
export function readTopologyFile(file: string): TopologyFile {
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch (error) {
        throw new TopologyFileError(file, [`cannot be read: ${(error as Error).message}`]);
    }
    return parseTopologyFile(text, file);
}

function describe(error: { keyword: string; message: string; params: unknown }): string {
    const params = error.params as { additionalProperties?: string[] };
    if (error.keyword === 'additionalProperties' && params.additionalProperties) {
        return `unknown ${params.additionalProperties.map((name) => `"${name}"`).join(', ')}`;
    }
    return error.message;
}

/** The rules across one instance's organisations that a schema cannot state. */
function instanceProblems(path: string, instance: InstanceDeclaration): string[] {
    const problems: string[] = [];
    const organisations = instance.organisations as readonly OrganisationDeclaration[];
    for (const field of ['key', 'mspId'] as const) {
        const seen = new Map<string, number>();
        organisations.forEach((org, j) => {
            const first = seen.get(org[field]);
            if (first !== undefined) {
                problems.push(
                    `${path}/organisations/${j}/${field}: "${org[field]}" is already organisation ${first}'s`,
                );
            } else {
                seen.set(org[field], j);
            }
        });
    }
    organisations.forEach((org, j) => {
        if (org.mspId === ORDERER_MSP_ID) {
            problems.push(`${path}/organisations/${j}/mspId: ${ORDERER_MSP_ID} is the ordering service's`);
        }
        if (org.tsa === true && !org.roles.includes('notary')) {
            problems.push(`${path}/organisations/${j}/tsa: only a notary runs the time-stamping authority`);
        }
    });
    organisations.forEach((org, j) => {
        if (org.admits !== undefined && !org.roles.includes('bank')) {
            problems.push(`${path}/organisations/${j}/admits: only a bank admits platforms`);
        }
        (org.admits ?? []).forEach((admission, k) => {
            const platform = organisations.find((other) => other.mspId === admission.platform);
            if (!platform?.roles.includes('platform')) {
                problems.push(
                    `${path}/organisations/${j}/admits/${k}/platform: "${admission.platform}" is no platform of this instance`,
                );
            }
        });
    });
    if (instance.consensus === 'BFT' && instance.ordererOperators === undefined) {
        problems.push(`${path}/ordererOperators: BFT needs the organisations that run its orderers`);
    }
    (instance.ordererOperators ?? []).forEach((key, i) => {
        if (!organisations.some((org) => org.key === key)) {
            problems.push(`${path}/ordererOperators/${i}: "${key}" is no organisation of this instance`);
        }
    });
    const tsas = organisations.filter((org) => org.tsa === true).map((org) => org.key);
    if (tsas.length !== 1) {
        problems.push(
            `${path}/organisations: exactly one organisation runs the time-stamping authority ("tsa": true), ` +
                `found ${tsas.length === 0 ? 'none' : tsas.join(', ')}`,
        );
    }
    return problems;
}
