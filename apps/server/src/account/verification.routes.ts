import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { requestMetaOf } from '../http/request-meta.ts';
import { readMultipartForm } from './document-file.ts';
import { verificationFields } from '@zhibao/contracts';
import { documentLabels, getVerification, submitVerification } from './verification.service.ts';

export function verificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/account/verification', { config: { policy: 'verification.read' } }, async (request) =>
    getVerification(ctx, actorOf(request)),
  );

  app.post(
    '/api/account/verification',
    { config: { policy: 'verification.submit' } },
    async (request, reply) => {
      const actor = actorOf(request);
      const form = await readMultipartForm(request, {
        fileFields: ['identityDocument', 'businessLicense'],
        maxFileBytes: ctx.config.uploadMaxBytes,
        labels: documentLabels,
      });
      const fields = verificationFields.parse(form.fields);
      const result = await submitVerification(ctx, actor, fields, form.files, requestMetaOf(request));
      return reply.status(201).send(result);
    },
  );
}
