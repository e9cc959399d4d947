/**
 * A request refused for a reason the caller can act on, raised by a service without knowing about
 * HTTP: `kind` says which (invalid → 400, not_found → 404, conflict → 409), `field` names what was
 * wrong, and the message says it in Vietnamese and English. The API answers it through
 * `RefusalFilter` (refusal.filter.ts); this file stays free of Nest, so the CLI loads it cheaply.
 */

export type RefusalKind = 'invalid' | 'not_found' | 'conflict';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    /** The input field at fault: `obligationId`, `reason`, `weights.plan`, `date`, … */
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    /** A finer code for clients, e.g. `already_exempt`; the kind when there is none. */
    readonly code: string = kind,
  ) {
    super(`${field}: ${vi} / ${en}`);
  }
}
