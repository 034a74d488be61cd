import type { AppContext } from '../app-context.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { insertOutboxMessage } from './sms-outbox.repository.ts';
import type { SmsProvider } from './sms-provider.ts';

/** Development only: messages are kept in the database and shown at the development outbox page. */
export function createOutboxSmsProvider(ctx: AppContext): SmsProvider {
  return {
    send: async (message) => {
      await insertOutboxMessage(ctx.db, personalDataCipher(ctx.config), { ...message, createdAt: ctx.now() });
    },
  };
}
