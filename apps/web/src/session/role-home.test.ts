import { describe, expect, it } from 'vitest';
import { pathAfterLogin } from './role-home';

describe('pathAfterLogin', () => {
  it('goes back to the requested page inside the user area', () => {
    expect(pathAfterLogin('enterprise', '/enterprise/filings?period=2026-10')).toBe(
      '/enterprise/filings?period=2026-10',
    );
    expect(pathAfterLogin('admin', '/admin')).toBe('/admin');
  });

  it("goes home for the other role's pages, other sites and nothing requested", () => {
    expect(pathAfterLogin('enterprise', '/admin/enterprises')).toBe('/enterprise');
    expect(pathAfterLogin('admin', '/administrator')).toBe('/admin');
    expect(pathAfterLogin('enterprise', '//evil.example/enterprise')).toBe('/enterprise');
    expect(pathAfterLogin('enterprise', 'https://evil.example/enterprise')).toBe('/enterprise');
    expect(pathAfterLogin('admin', null)).toBe('/admin');
  });
});
