import type { Captcha } from '@zhibao/contracts';
import { createHash, randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { deleteExpiredCaptchas, insertCaptcha, takeCaptcha } from './captcha.repository.ts';

const lifetimeMs = 5 * 60_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hashAnswer(id: string, answer: string): string {
  return createHash('sha256').update(`${id}:${answer.trim().toLowerCase()}`).digest('base64url');
}

/** A fresh image captcha (4 characters, no look-alikes); only a hash of the answer is stored. */
export async function createCaptcha(ctx: AppContext): Promise<Captcha> {
  const now = ctx.now();
  await deleteExpiredCaptchas(ctx.db, now);
  const captcha = svgCaptcha.create({
    size: 4,
    noise: 2,
    color: true,
    background: '#f3f6fb',
    ignoreChars: '0oO1ilI',
    width: 120,
    height: 40,
  });
  const id = randomUUID();
  if (ctx.config.environment !== 'production') rememberDevelopmentAnswer(id, captcha.text);
  await insertCaptcha(ctx.db, {
    id,
    answerHash: hashAnswer(id, captcha.text),
    expiresAt: new Date(now.getTime() + lifetimeMs),
  });
  return { captchaId: id, svg: captcha.data };
}

const refuse = (reason: string) => new AppError('VALIDATION_FAILED', reason, [{ name: 'captcha', reason }]);

/** The refusal of a request that needs an image captcha and carries none. */
export function missingCaptchaError(): AppError {
  return refuse('请输入图形验证码');
}

/** Checks an answer (case-insensitive) and uses the captcha up, right or wrong. */
export async function useCaptcha(
  ctx: AppContext,
  answer: { captchaId?: string | undefined; captchaAnswer?: string | undefined },
): Promise<void> {
  if (!answer.captchaId || !answer.captchaAnswer?.trim()) throw missingCaptchaError();
  if (!uuidPattern.test(answer.captchaId)) throw refuse('图形验证码已失效，请点击图片换一张');
  const stored = await takeCaptcha(ctx.db, answer.captchaId);
  if (!stored || stored.expires_at <= ctx.now()) throw refuse('图形验证码已失效，请点击图片换一张');
  if (stored.answer_hash !== hashAnswer(answer.captchaId, answer.captchaAnswer)) {
    throw refuse('图形验证码错误，请点击图片换一张后重新输入');
  }
}

// Development and test only: the answers of recent captchas, so browser tests and developers can get
// past them (like the SMS outbox). Never filled in production, where the route does not exist either.
const developmentAnswers = new Map<string, string>();

function rememberDevelopmentAnswer(id: string, answer: string): void {
  developmentAnswers.set(id, answer);
  if (developmentAnswers.size > 1000) developmentAnswers.delete(developmentAnswers.keys().next().value!);
}

/** The answer of a recent captcha, outside production only. */
export function developmentCaptchaAnswer(ctx: AppContext, captchaId: string): string | undefined {
  if (ctx.config.environment === 'production') return undefined;
  return developmentAnswers.get(captchaId);
}
