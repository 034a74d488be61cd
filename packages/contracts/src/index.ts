// The API's contracts: one module per server module, each exporting the zod schemas of its
// operations' requests and responses and the types inferred from them. The server validates
// with these schemas and returns these types; the web app imports them from here — never from
// apps/server/src.
export * from './password-reset.ts';
export * from './mobile-reset.ts';
export * from './filing-actions.ts';
export * from './filing-prefill.ts';
