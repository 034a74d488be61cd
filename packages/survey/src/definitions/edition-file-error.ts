/** One problem of an edition file, at the place a statistician edits. */
export interface EditionFileIssue {
  file: string;
  /** 1-based line and column in the file. */
  line: number;
  column: number;
  message: string;
}

/** `editions/2021.yaml:12:5: …`, the form editors and terminals turn into a link. */
export function formatIssue(issue: EditionFileIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/** Edition files that cannot be loaded; every problem found is listed with its file, line and column. */
export class EditionFileError extends Error {
  readonly issues: readonly EditionFileIssue[];

  constructor(issues: readonly EditionFileIssue[]) {
    super(`调查制度文件有误:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'EditionFileError';
    this.issues = issues;
  }
}
