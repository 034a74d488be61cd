import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { adminAccountRoutes } from './admin-account.routes.ts';
import { bindingRoutes } from './binding.routes.ts';
import { captchaRoutes } from './captcha.routes.ts';
import { profileRoutes } from './profile.routes.ts';
import { registrationRoutes } from './registration.routes.ts';
import { verificationRoutes } from './verification.routes.ts';

/** Every account route besides the session: registration, verification, binding, profile, administrators. */
export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  captchaRoutes(app, ctx);
  registrationRoutes(app, ctx);
  bindingRoutes(app, ctx);
  adminAccountRoutes(app, ctx);
  // Uploads (实名认证, 上传证件) in their own scope, so multipart parsing is on only where it is needed.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 2 } });
    verificationRoutes(scope, ctx);
    profileRoutes(scope, ctx);
  });
}
