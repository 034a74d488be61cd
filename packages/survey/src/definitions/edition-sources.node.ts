import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EditionSource } from './edition-loader.ts';

// The edition files as Node reads them: every editions/*.yaml, read once when the package loads. The folder is
// found through the package's own entry point, so it is found as well when a bundler has moved this module (the
// compiled server of `npm start`).

const folder = new URL(
  '../editions/',
  pathToFileURL(createRequire(import.meta.url).resolve('@zhibao/survey')),
);

/** The text of every edition file, by its path relative to the package. */
export const EDITION_SOURCES: EditionSource[] = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ file: `editions/${name}`, text: readFileSync(new URL(name, folder), 'utf8') }));
