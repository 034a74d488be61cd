import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import {
  bindingSubmissionFields,
  getOwnBindingRequest,
  submitBindingRequest,
  withdrawBindingRequest,
} from './binding-request.service.ts';
import {
  decideBindingAsManager,
  listManagerBindingRequests,
  openBindingDocumentAsManager,
} from './binding-review.service.ts';
import {
  bindingBody,
  bindingDecisionBody,
  bindingDocumentParams,
  bindingRequestParams,
  enterpriseAccountParams,
} from '@zhibao/contracts';
import { readMultipartForm } from './document-file.ts';
import { listEnterpriseAccounts, removeEnterpriseAccount } from './enterprise-accounts.service.ts';

/** A stored scan, shown in the browser but never able to run anything there. */
export function sendDocument(
  reply: FastifyReply,
  document: { fileName: string; mediaType: string; content: Buffer },
) {
  return reply
    .type(document.mediaType)
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`)
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private, no-store')
    .send(document.content);
}

/** 绑定企业 as a request (JSON routes); the multipart submission is in bindingSubmissionRoutes. */
export function bindingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/account/binding-request', { config: { policy: 'binding.request' } }, async (request) => ({
    request: await getOwnBindingRequest(ctx, actorOf(request)),
  }));

  app.delete(
    '/api/account/binding-request',
    { config: { policy: 'binding.request' } },
    async (request, reply) => {
      await withdrawBindingRequest(ctx, actorOf(request), requestMetaOf(request));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/account/binding-requests',
    { config: { policy: 'binding.manager-queue' } },
    async (request) => ({
      items: await listManagerBindingRequests(ctx, actorOf(request)),
    }),
  );

  app.post(
    '/api/account/binding-requests/:requestId/decision',
    { config: { policy: 'binding.manager-decide' } },
    async (request) => {
      const { requestId } = bindingRequestParams.parse(request.params);
      const body = bindingDecisionBody.parse(request.body);
      return decideBindingAsManager(ctx, actorOf(request), requestId, body, requestMetaOf(request));
    },
  );

  app.get(
    '/api/account/binding-requests/:requestId/documents/:documentId',
    { config: { policy: 'binding.manager-decide' } },
    async (request, reply) => {
      const { requestId, documentId } = bindingDocumentParams.parse(request.params);
      return sendDocument(
        reply,
        await openBindingDocumentAsManager(ctx, actorOf(request), requestId, documentId),
      );
    },
  );

  app.get(
    '/api/account/enterprise-accounts',
    { config: { policy: 'enterprise-account.list' } },
    async (request) => ({
      items: await listEnterpriseAccounts(ctx, actorOf(request)),
    }),
  );

  app.delete(
    '/api/account/enterprise-accounts/:userId',
    { config: { policy: 'enterprise-account.remove' } },
    async (request, reply) => {
      const { userId } = enterpriseAccountParams.parse(request.params);
      await removeEnterpriseAccount(ctx, actorOf(request), userId, requestMetaOf(request));
      return reply.status(204).send();
    },
  );
}

/** 提交绑定申请: the enterprise's facts with the 营业执照 and 授权委托书 scans, as multipart/form-data. */
export function bindingSubmissionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/account/binding', { config: { policy: 'binding.request' } }, async (request, reply) => {
    const actor = actorOf(request);
    const form = await readMultipartForm(request, {
      fileFields: bindingSubmissionFields.files,
      maxFileBytes: ctx.config.uploadMaxBytes,
      labels: bindingSubmissionFields.labels,
    });
    const fields = bindingBody.parse(form.fields);
    const result = await submitBindingRequest(ctx, actor, fields, form.files, requestMetaOf(request));
    return reply.status(201).send(result);
  });
}
