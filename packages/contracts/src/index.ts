// The API's contracts: one module per server module, each exporting the zod schemas of its
// operations' requests and responses and the types inferred from them. The server validates
// with these schemas and returns these types; the web app imports them from here — never from
// apps/server/src. Nothing here may import server code or node modules: it runs in the browser.
export * from './common.ts';
export * from './account.ts';
export * from './aggregation.ts';
export * from './binding.ts';
export * from './change-request.ts';
export * from './completeness.ts';
export * from './enterprise.ts';
export * from './export.ts';
export * from './filing.ts';
export * from './notice.ts';
export * from './review.ts';
export * from './review-chain.ts';
export * from './task.ts';
export * from './task-application.ts';
export * from './verification.ts';
export * from './directory.ts';
export * from './region-workflow.ts';
export * from './password-reset.ts';
export * from './mobile-reset.ts';
export * from './filing-actions.ts';
export * from './filing-prefill.ts';
export * from './outlier.ts';
export * from './publication.ts';
export * from './identity.ts';
export * from './rule-switch.ts';
export * from './official-summary.ts';
export * from './exchange.ts';
export * from './moving-in.ts';
export * from './data-quality.ts';
