import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import { createHttpSmsProvider } from './http-sms-provider.ts';
import { createOutboxSmsProvider } from './outbox-sms-provider.ts';

export interface SmsMessage {
  /** An 11-digit mainland mobile number. */
  mobile: string;
  text: string;
  /**
   * The outbox message this is the send of: a send repeated after a crash carries the same key, so a gateway
   * (or the development outbox) that honours it records the text once. Absent for codes, sent in the request.
   */
  idempotencyKey?: string;
}

/** Where text messages go: the development outbox, or an SMS gateway over HTTP. */
export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}

/** The provider the configuration chose (SMS_PROVIDER); stateless, so built per use. */
export function smsProviderFor(ctx: AppContext): SmsProvider {
  const sms = ctx.config.sms;
  switch (sms.provider) {
    case 'outbox':
      return createOutboxSmsProvider(ctx);
    case 'http':
      return createHttpSmsProvider(sms);
    case 'none':
      return {
        send: async () => {
          throw new AppError('SMS_UNAVAILABLE', '短信服务未配置，暂时无法发送验证码，请联系系统管理员');
        },
      };
  }
}
