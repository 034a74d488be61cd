// The virtual module's declaration must reach every program that compiles this file (the web app's too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./compiled-editions.d.ts" />
import { z } from 'zod';
import compiled from 'virtual:zhibao-editions';
import type { SurveyEdition } from './survey.types.ts';

// The web app's Content-Security-Policy allows no eval: zod must not try to compile its parsers with
// `new Function` (its JIT probes for eval, which the browser reports as a violation).
z.config({ jitless: true });

// The editions as the browser gets them: loaded, checked and compiled from editions/*.yaml at build time (the
// Vite plugin of vite-plugin.ts) and inlined as JSON, so the browser carries neither the YAML parser nor the files'
// text, and the engine still runs offline.

/** Every edition, oldest first. */
export const EDITIONS = compiled as readonly SurveyEdition[];
