// The editions compiled at build time by the Vite plugin (vite-plugin.ts), as the browser imports them: the
// SurveyEdition objects of editions.ts, as JSON.
declare module 'virtual:zhibao-editions' {
  const editions: readonly unknown[];
  export default editions;
}
