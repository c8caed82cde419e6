import { childrenOf, DER_TAGS, encodingOf, expectTag, readOid, readString, type DerNode } from './der.js';

/** One attribute of a distinguished name, e.g. `{ type: 'CN', value: 'peer0.bank.lendledger.test' }`. */
export interface NameAttribute {
    readonly type: string;
    readonly value: string;
}

/** A distinguished name: its exact encoding (what issuer matching compares) and its attributes for people. */
export interface DistinguishedName {
    readonly der: Uint8Array;
    /** Attributes in encoding order (RDN sequence order, usually C first, CN last). */
    readonly attributes: readonly NameAttribute[];
    /** RFC 4514 form, most specific first: `CN=…,OU=…,O=…,C=…`. */
    readonly text: string;
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
    '2.5.4.3': 'CN',
    '2.5.4.5': 'SERIALNUMBER',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.9': 'STREET',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '2.5.4.17': 'POSTALCODE',
    '0.9.2342.19200300.100.1.25': 'DC',
    '1.2.840.113549.1.9.1': 'EMAIL',
};

/** Reads a Name (RFC 5280 §4.1.2.4). */
export function readName(node: DerNode): DistinguishedName {
    expectTag(node, DER_TAGS.sequence, 'name');
    const attributes: NameAttribute[] = [];
    for (const rdn of childrenOf(node)) {
        for (const pair of childrenOf(expectTag(rdn, DER_TAGS.set, 'relative distinguished name'))) {
            const [type, value] = childrenOf(expectTag(pair, DER_TAGS.sequence, 'attribute'));
            const oid = readOid(expectTag(type, DER_TAGS.oid, 'attribute type'));
            if (value === undefined) {
                continue;
            }
            attributes.push({ type: SHORT_NAMES[oid] ?? oid, value: readString(value) });
        }
    }
    const text = [...attributes]
        .reverse()
        .map((a) => `${a.type}=${escapeValue(a.value)}`)
        .join(',');
    return { der: encodingOf(node), attributes, text };
}

/** Values of one attribute type, in encoding order. */
export function attributeValues(name: DistinguishedName, type: string): string[] {
    return name.attributes.filter((a) => a.type === type).map((a) => a.value);
}

function escapeValue(value: string): string {
    return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
