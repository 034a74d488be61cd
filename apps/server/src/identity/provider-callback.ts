import type { AppContext } from '../app-context.ts';
import type { IdentityProviderSettings } from '../config.ts';

/** Where a sign-in of this provider comes back to: the one redirect URI (or CAS service) registered with it. */
export function callbackUrlOf(ctx: AppContext, provider: IdentityProviderSettings): string {
  return `${ctx.config.publicBaseUrl}/api/identity/${provider.id}/callback`;
}
