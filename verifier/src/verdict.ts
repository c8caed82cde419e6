/** The outcome of one cryptographic check (a signature, an inclusion proof), with a reason a person can act on. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };
