/** Whether a database error is PostgreSQL's unique violation (SQLSTATE 23505): two writers raced for one key. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
