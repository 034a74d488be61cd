import { ruleSwitchDraft, ruleSwitchTrialBody } from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { publishRuleSwitch } from './commands/publish-rule-switch.command.ts';
import { listRuleSwitches } from './rule-switch.service.ts';
import { tryRuleSwitch } from './try-rule-switch.ts';

/** 制度维护: the published rule switches, a package's trial against real filings, and its publication. */
export function ruleSwitchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/rule-switches', { config: { policy: 'rule-switch.list' } }, async (request) =>
    listRuleSwitches(ctx, actorOf(request)),
  );
  app.post('/api/admin/rule-switches/trial', { config: { policy: 'rule-switch.try' } }, async (request) =>
    tryRuleSwitch(ctx, actorOf(request), ruleSwitchTrialBody.parse(request.body)),
  );
  app.post('/api/admin/rule-switches', { config: { policy: 'rule-switch.publish' } }, async (request) =>
    publishRuleSwitch(
      ctx,
      actorOf(request),
      ruleSwitchDraft.parse(request.body),
      requestMetaOf(request).requestId,
    ),
  );
}
