/**
 * The contract between a gateway and the web application it serves: one type for the gateway that answers
 * `GET /app/config.json` and the pages that read it.
 */

/** `GET /app/config.json`: what the pages need to know about the gateway serving them. */
export interface AppConfigDocument {
    /** Organisation key, e.g. `bank`. */
    readonly org: string;
    readonly mspId: string;
    /** The organisation's consortium roles, e.g. `['bank']`; they choose the areas the application shows. */
    readonly memberRoles: readonly string[];
    readonly signIn:
        | { readonly mode: 'development'; readonly subjects: readonly string[] }
        | {
              readonly mode: 'oidc';
              readonly issuer: string;
              readonly clientId: string;
              readonly scope: string;
              /** The audience the gateway expects in access tokens (`auth.audience`). */
              readonly audience: string;
              /** RFC 8707 resource indicator the page asks access tokens for; '' for none. */
              readonly resource: string;
          }
        | { readonly mode: 'none' };
    /** Whether the public verification page can look fingerprints up here (`web.publicReader`). */
    readonly publicLookup: boolean;
}
