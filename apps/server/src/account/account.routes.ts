import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { adminAccountRoutes } from './admin-account.routes.ts';
import { bindingReviewRoutes } from './binding-review.routes.ts';
import { bindingRoutes, bindingSubmissionRoutes } from './binding.routes.ts';
import { captchaRoutes } from './captcha.routes.ts';
import { mobileResetRoutes } from './mobile-reset.routes.ts';
import { passwordResetRoutes } from './password-reset.routes.ts';
import { profileRoutes } from './profile.routes.ts';
import { registrationRoutes } from './registration.routes.ts';
import { verificationRoutes } from './verification.routes.ts';

/** Every account route besides the session: registration, verification, binding, profile, administrators. */
export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  captchaRoutes(app, ctx);
  registrationRoutes(app, ctx);
  passwordResetRoutes(app, ctx);
  mobileResetRoutes(app, ctx);
  bindingRoutes(app, ctx);
  bindingReviewRoutes(app, ctx);
  adminAccountRoutes(app, ctx);
  // Uploads (实名认证, 绑定申请, 上传证件) in their own scope, so multipart parsing is on only where it is needed.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 2 } });
    // A form carries at most two files plus a few text fields: a larger declared length is refused
    // before a byte of it is read, instead of streaming it until the per-file limit trips.
    const maxFormBytes = 2 * ctx.config.uploadMaxBytes + 64 * 1024;
    scope.addHook('onRequest', async (request) => {
      const isMultipart = request.headers['content-type']?.startsWith('multipart/') === true;
      if (isMultipart && Number(request.headers['content-length'] ?? 0) > maxFormBytes) {
        const reason = `上传的文件合计不能超过 ${formatMegabytes(maxFormBytes)} MB`;
        throw new AppError('PAYLOAD_TOO_LARGE', reason, [{ name: '(body)', reason }]);
      }
    });
    verificationRoutes(scope, ctx);
    bindingSubmissionRoutes(scope, ctx);
    profileRoutes(scope, ctx);
  });
}

function formatMegabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
