import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of the web app and the API. Written out in full (no helmet defaults) so
 * that what the browser enforces is read here:
 * - scripts only from our own origin (the Vite build has no inline script), never from attributes;
 * - styles from our origin and inline, because antd 6 injects its CSS-in-JS as <style> tags at run time;
 * - images from our origin plus data: and blob: (the login captcha is an SVG, exports preview as blobs);
 * - no plugins, no <base> hijack, forms post only to us, and no framing at all (clickjacking).
 * `upgrade-insecure-requests` is left out: an intranet deployment on plain HTTP must keep working,
 * and TLS deployments get HSTS instead.
 */
export const contentSecurityPolicyDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** HSTS for half a year; sent only on requests that arrived over TLS, since on plain HTTP it would be ignored or wrong. */
export const strictTransportSecurity = 'max-age=15552000; includeSubDomains';

/**
 * Security headers on every answer (API, web app, errors): CSP, nosniff, frame denial, referrer policy,
 * cross-origin isolation of our resources, and HSTS when the request came over TLS
 * (`request.protocol` honours X-Forwarded-Proto only when TRUST_PROXY is on).
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicyDirectives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', strictTransportSecurity);
  });
}
