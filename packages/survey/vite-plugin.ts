import { listEditions } from './src/definitions/editions.ts';

// The Vite plugin that gives the browser its editions (`virtual:zhibao-editions`, imported by
// src/definitions/editions.browser.ts): loaded, checked and compiled in Node at build time and inlined as JSON,
// parsed with JSON.parse (quicker than an object literal of this size). A broken edition file stops the build; a changed one
// needs the dev server restarted.

const VIRTUAL_ID = 'virtual:zhibao-editions';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** Inlines the compiled editions into the web app's bundle. */
export function zhibaoEditions() {
  return {
    name: 'zhibao-editions',
    resolveId(id: string) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id: string) {
      if (id !== RESOLVED_ID) return undefined;
      const json = JSON.stringify(listEditions());
      return `export default JSON.parse(${JSON.stringify(json)});`;
    },
  };
}
