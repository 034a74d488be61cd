import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error.ts';
import type { Actor } from './actor.ts';
import { authorize, authorizeActor, can, policies, type PolicyAction } from './policy.ts';

/*
 * Every action of the policy × every role × the actor's own subject, a foreign one in the same city and one in
 * another province, checked against a table written out by hand here (not derived from the policy): A allowed,
 * N "not found" (outside reach, answered like a missing subject), F FORBIDDEN (wrong role or level).
 */

const actors: Record<string, Actor> = {
  unbound: actor({ role: 'enterprise', enterpriseId: null }),
  filer: actor({ role: 'enterprise', enterpriseId: 'e1' }),
  manager: actor({ role: 'enterprise', enterpriseId: 'e1', isEnterpriseManager: true }),
  county: actor({ role: 'admin', adminLevel: 'county' }),
  city: actor({ role: 'admin', adminLevel: 'city', regionCode: '440300', regionLevel: 'city' }),
  province: actor({ role: 'admin', adminLevel: 'province', regionCode: '440000', regionLevel: 'province' }),
  ministry: actor({ role: 'admin', adminLevel: 'ministry', regionCode: '000000', regionLevel: 'nation' }),
};
// The order of the letters in each group of the table below.
const order = ['unbound', 'filer', 'manager', 'county', 'city', 'province', 'ministry'] as const;

function actor(fields: Partial<Actor>): Actor {
  return {
    userId: `u-${fields.adminLevel ?? fields.enterpriseId ?? 'unbound'}-${fields.isEnterpriseManager ? 'm' : ''}`,
    username: 'someone',
    role: 'enterprise',
    adminLevel: null,
    regionCode: '440305',
    regionLevel: 'county',
    enterpriseId: null,
    ...fields,
  };
}

// 南山区 (the actors' own), 福田区 (same city, another district), 渝北区 (another province).
const enterprises = [
  { id: 'e1', regionCode: '440305' },
  { id: 'e2', regionCode: '440304' },
  { id: 'e3', regionCode: '500112' },
];
const regions = [{ code: '440305' }, { code: '440304' }, { code: '500112' }];
const children = [
  { code: '440305', parentCode: '440300' },
  { code: '440304', parentCode: '440300' },
  { code: '500112', parentCode: '500100' },
];
// 深圳市's task, 广州市's task, 重庆市's task.
const tasks = [
  { owner_region_code: '440300', owner_region_level: 'city' as const },
  { owner_region_code: '440100', owner_region_level: 'city' as const },
  { owner_region_code: '500000', owner_region_level: 'province' as const },
];

type Subjects = (who: Actor) => unknown[];
const bySubject = {
  none: () => [undefined],
  enterprise: () => enterprises,
  region: () => regions,
  task: () => tasks,
  accountData: (who: Actor) => [{ userId: who.userId }, { userId: 'u-other' }, { userId: 'u-elsewhere' }],
  filerAccount: () => enterprises.map(({ id }) => ({ enterpriseId: id })),
  managerBinding: () => enterprises.map(({ id }) => ({ enterpriseId: id, reviewer: 'manager' })),
  administratorBinding: () =>
    regions.map(({ code }) => ({ enterpriseRegionCode: code, reviewer: 'administrator' })),
  childRegion: () => children,
  adminAccount: () =>
    children.map((child) => ({ regionCode: child.code, regionParentCode: child.parentCode })),
  changeRequest: () =>
    enterprises.map(({ id, regionCode }) => ({ enterpriseId: id, regionCode, decidingLevel: 'city' })),
  province: () => [{ provinceCode: '440000' }, { provinceCode: '450000' }, { provinceCode: '500000' }],
  // 深圳市's to its enterprises, 南山区's to its administrators, the ministry's to everyone.
  announcement: () => [
    { regionCode: '440300', scopePrefix: '4403', audience: 'enterprises' },
    { regionCode: '440305', scopePrefix: '440305', audience: 'administrators' },
    { regionCode: '000000', scopePrefix: '', audience: 'all' },
  ],
} satisfies Record<string, Subjects>;

const signedIn = ['none', 'AAAAAAA'] as const;
const enterpriseUser = ['none', 'AAAFFFF'] as const;
const boundFiler = ['none', 'FAAFFFF'] as const;
const manager = ['none', 'FFAFFFF'] as const;
const admin = ['none', 'FFFAAAA'] as const;
const ownEnterprise = ['enterprise', 'FAAFFFF FNNFFFF FNNFFFF'] as const;
const adminEnterprise = ['enterprise', 'FFFAAAA FFFNAAA FFFNNNA'] as const;
const adminRegion = ['region', 'FFFAAAA FFFNAAA FFFNNNA'] as const;
const adminTask = ['task', 'FFFAAAA FFFNNAA FFFNNNA'] as const;

const expected: Record<PolicyAction, readonly [keyof typeof bySubject, string]> = {
  'session.end': signedIn,
  'profile.read': signedIn,
  'profile.update': signedIn,
  'document.list': signedIn,
  'document.upload': signedIn,
  'document.read': ['accountData', 'AAAAAAA NNNNNNN NNNNNNN'],
  'verification.read': enterpriseUser,
  'verification.submit': enterpriseUser,
  'binding.request': enterpriseUser,
  'binding.manager-queue': manager,
  'binding.manager-decide': ['managerBinding', 'FFAFFFF FFNFFFF FFNFFFF'],
  'enterprise-account.list': manager,
  'enterprise-account.remove': ['filerAccount', 'FFAFFFF FFNFFFF FFNFFFF'],
  'enterprise-account.reset-mobile': ['filerAccount', 'FFAFFFF FFNFFFF FFNFFFF'],
  'filing.list': ownEnterprise,
  'filing.open': ownEnterprise,
  'filing.save': ownEnterprise,
  'filing.submit': ownEnterprise,
  'filing.cancel': ownEnterprise,
  'filing.import': boundFiler,
  'filing.export': boundFiler,
  'change-request.create': ownEnterprise,
  'task-application.list': ownEnterprise,
  'task-application.apply': ownEnterprise,
  'notice.read': boundFiler,
  'filing.read': ['enterprise', 'NAAAAAA NNNNAAA NNNNNNA'],
  'enterprise.list': admin,
  'enterprise.read': adminEnterprise,
  'enterprise.create': admin,
  'enterprise.update': adminEnterprise,
  'enterprise.import': admin,
  'enterprise.join-open-tasks': adminEnterprise,
  'directory.read': admin,
  'directory.scope-thresholds': ['none', 'FFFFFAF'],
  'filing.extend': adminEnterprise,
  'account.reset-mobile': adminEnterprise,
  'region.read': adminRegion,
  'task.list': admin,
  'task.read': adminTask,
  'task.publish': ['none', 'FFFFFAA'],
  'task.export': adminTask,
  'review.queue': admin,
  'review.read': adminEnterprise,
  'review.approve': adminEnterprise,
  'review.return': adminEnterprise,
  'review.bulk-approve': admin,
  'review.stop-threshold': adminRegion,
  'region.pass-up': adminTask,
  'region.return': adminRegion,
  'obligation.excuse': adminEnterprise,
  'region.take-over': adminRegion,
  'region.remind': adminRegion,
  'region.extend': adminRegion,
  'region-notice.read': admin,
  'review-chain.list': admin,
  'review-chain.read': ['province', 'FFFAAAA FFFNNNA FFFNNNA'],
  'review-chain.update': ['none', 'FFFFFFA'],
  'migration.import': ['none', 'FFFFFFA'],
  'aggregation.read': adminTask,
  'exchange.export': adminRegion,
  // A package's region out of reach is refused naming the field (FORBIDDEN), not "not found".
  'exchange.import': ['region', 'FFFAAAA FFFFAAA FFFFFFA'],
  'exchange.list': admin,
  'exchange.read': adminRegion,
  'data-quality.read': adminTask,
  'data-quality.run': adminTask,
  'completeness.read': admin,
  'completeness.remind': adminTask,
  'change-request.list': admin,
  'change-request.decide': ['changeRequest', 'FFFFAFF FFFNAFF FFFNNNF'],
  'task-application.queue': admin,
  'task-application.decide': ['region', 'FFFAFFF FFFNFFF FFFNNNF'],
  'binding.review-queue': admin,
  'binding.review': ['administratorBinding', 'FFFAAAA FFFNAAA FFFNNNA'],
  'account.list': admin,
  'account.create': ['childRegion', 'FFFFAFF FFFFAFF FFFFFFF'],
  'account.manage': ['adminAccount', 'FFFNANN FFFNANN FFFNNNN'],
  'audit.read': admin,
  'rule-switch.list': admin,
  'rule-switch.try': ['none', 'FFFFFFA'],
  'rule-switch.publish': ['none', 'FFFFFFA'],
  'announcement.list': signedIn,
  'announcement.read': ['announcement', 'NAANANN NNNANNN NAAAAAA'],
  'announcement.publish': admin,
  'announcement.withdraw': ['announcement', 'FFFNANN FFFANNN FFFNNNA'],
};

type Check = (who: Actor, action: PolicyAction, subject: unknown) => void;
const check = authorize as unknown as Check;

function outcome(who: Actor, action: PolicyAction, subject: unknown, hasSubject: boolean): string {
  try {
    if (hasSubject) check(who, action, subject);
    else authorizeActor(who, action);
    return 'A';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.code === 'NOT_FOUND' ? 'N' : error.code === 'FORBIDDEN' ? 'F' : error.code;
  }
}

describe('policy', () => {
  it('has an expectation for every action and no other', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(policies).sort());
  });

  it.each(Object.keys(policies) as PolicyAction[])('%s answers as the table says', (action) => {
    const [kind, table] = expected[action];
    const groups = table.split(' ');
    const answers = groups.map((_group, index) =>
      order
        .map((name) => {
          const who = actors[name]!;
          const subject = bySubject[kind](who)[index];
          return outcome(who, action, subject, kind !== 'none');
        })
        .join(''),
    );
    expect(answers.join(' ')).toBe(table);
    // can() agrees with authorize on every cell.
    const allowed = groups.map((_group, index) =>
      order
        .map((name) => {
          const who = actors[name]!;
          const subject = bySubject[kind](who)[index];
          const asks = can as unknown as (who: Actor, action: PolicyAction, subject?: unknown) => boolean;
          return asks(who, action, subject) ? 'A' : '-';
        })
        .join(''),
    );
    expect(allowed.join(' ')).toBe(table.replace(/[NF]/g, '-'));
  });

  it('answers a missing subject like one out of reach', () => {
    expect(outcome(actors.ministry!, 'enterprise.read', undefined, true)).toBe('N');
    expect(outcome(actors.filer!, 'document.read', undefined, true)).toBe('N');
  });
});
