import { AsyncLocalStorage } from 'node:async_hooks';
import type { AdminLevel, RegionLevel } from '../db/schema.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { adminLevelLabel } from '../region/admin-level.ts';
import { provinceCodeOf } from '../review/review-chain.ts';
import type { Actor } from './actor.ts';
import { isWithinRegion } from './region-scope.ts';

/*
 * Who may do what, in one table. Every action on every resource is a row: who may ask at all (a wrong role is
 * FORBIDDEN), which subjects lie within the actor's reach (anything outside answers exactly like a missing
 * subject: "not found", so existence is never revealed), and, within reach, whether the actor's level is the one
 * that decides (FORBIDDEN with the reason). Every service entry point calls `authorize` first; every API route
 * names its action (`config: { policy }`), and the access matrix checks both.
 */

export type AdminActor = Actor & { role: 'admin'; adminLevel: AdminLevel };
export type EnterpriseActor = Actor & { role: 'enterprise'; enterpriseId: string };

/** Who may ask: any signed-in account, an enterprise-side account (bound or not), a bound filer, its manager. */
type Who = 'signed-in' | 'enterprise-user' | 'enterprise' | 'enterprise-manager' | 'admin';

interface ActorOfWho {
  'signed-in': Actor;
  'enterprise-user': Actor;
  enterprise: EnterpriseActor;
  'enterprise-manager': EnterpriseActor;
  admin: AdminActor;
}

const roleRefusal: Record<Who, string> = {
  'signed-in': '登录已失效，请重新登录',
  'enterprise-user': '该功能仅供企业用户使用',
  enterprise: '该功能仅供企业填报用户使用',
  'enterprise-manager': '只有本企业的账号管理人（法人账号或最先绑定的账号）可以管理填报账号',
  admin: '该功能仅供管理员使用',
};

function isWho(actor: Actor, who: Who): boolean {
  switch (who) {
    case 'signed-in':
      return true;
    case 'enterprise-user':
      return actor.role === 'enterprise';
    case 'enterprise':
      return actor.role === 'enterprise' && actor.enterpriseId !== null;
    case 'enterprise-manager':
      return actor.role === 'enterprise' && actor.enterpriseId !== null && actor.isEnterpriseManager === true;
    case 'admin':
      return actor.role === 'admin' && actor.adminLevel !== null;
  }
}

// The subjects the rules look at: only the fields a rule reads.
export interface EnterpriseSubject {
  id: string;
  regionCode: string;
}
export interface RegionSubject {
  code: string;
}
export interface ChildRegionSubject {
  code: string;
  parentCode: string | null;
}
/** A task as its row carries its owner (the region that published it). */
export interface TaskSubject {
  owner_region_code: string;
  owner_region_level: RegionLevel;
}
export interface ChangeRequestSubject {
  enterpriseId: string;
  regionCode: string;
  decidingLevel: AdminLevel;
}
export interface AccountDataSubject {
  userId: string;
}
export interface FilerAccountSubject {
  enterpriseId: string | null;
}
export interface AdminAccountSubject {
  regionCode: string;
  regionParentCode: string | null;
}
export interface ManagerBindingSubject {
  enterpriseId: string;
  reviewer: string;
}
/** An announcement as its row carries its publishing region and audience. */
export interface AnnouncementSubject {
  regionCode: string;
  scopePrefix: string;
  audience: 'enterprises' | 'administrators' | 'all';
}
export interface AdministratorBindingSubject {
  enterpriseRegionCode: string;
  reviewer: string;
}

// The predicates of reach, each stated once.

/** The statistics law: an enterprise's data is its own and its region's administrators' and those above. */
function reachesEnterprise(actor: Actor, enterprise: EnterpriseSubject): boolean {
  if (actor.role === 'enterprise') return actor.enterpriseId === enterprise.id;
  return isWithinRegion(actor.regionCode, actor.regionLevel, enterprise.regionCode);
}

/** Administrators see what happens in their region and the regions below it. */
function reachesRegion(actor: Actor, regionCode: string): boolean {
  return actor.role === 'admin' && isWithinRegion(actor.regionCode, actor.regionLevel, regionCode);
}

/** A task concerns an administrator when published for a region containing theirs, or inside theirs. */
function reachesTask(actor: Actor, task: TaskSubject): boolean {
  return (
    isWithinRegion(task.owner_region_code, task.owner_region_level, actor.regionCode) ||
    isWithinRegion(actor.regionCode, actor.regionLevel, task.owner_region_code)
  );
}

/** Administrator accounts are managed by the level directly above (部 → 省, 省 → 市, 市 → 区县). */
function isDirectlyBelow(actor: Actor, region: ChildRegionSubject): boolean {
  return actor.role === 'admin' && region.parentCode === actor.regionCode;
}

/**
 * 通知公告 reach the filers of enterprises and/or the administrators inside the publishing region; the
 * publishing region's own administrators see theirs whatever the audience.
 */
function reachesAnnouncement(actor: Actor, announcement: AnnouncementSubject): boolean {
  if (!actor.regionCode.startsWith(announcement.scopePrefix)) return false;
  if (actor.role === 'enterprise')
    return actor.enterpriseId !== null && announcement.audience !== 'administrators';
  return announcement.audience !== 'enterprises' || announcement.regionCode === actor.regionCode;
}

interface Rule<S, W extends Who> {
  who: W;
  /** Subjects within the actor's reach; others answer `notFound(what)` (or `outOfReach` where the rule says). */
  reach?: (actor: ActorOfWho[W], subject: S) => boolean;
  what?: string;
  /** A refusal other than "not found" for a subject out of reach (a field the actor chose, not an id). */
  outOfReach?: { message: string; field: string };
  /** Within reach: whether the actor's level decides; otherwise FORBIDDEN with the message. */
  decides?: { allowed: (actor: ActorOfWho[W], subject: S) => boolean; refusal: (subject: S) => string };
}

function rule<W extends Who, S = void>(definition: Rule<S, W>): Rule<S, W> {
  return definition;
}

const enterpriseData = (what: string) =>
  rule<'signed-in', EnterpriseSubject>({ who: 'signed-in', reach: reachesEnterprise, what });
const ownEnterprise = (what = '企业') =>
  rule<'enterprise', EnterpriseSubject>({ who: 'enterprise', reach: reachesEnterprise, what });
const adminEnterprise = (what = '企业') =>
  rule<'admin', EnterpriseSubject>({ who: 'admin', reach: reachesEnterprise, what });
const adminRegion = rule<'admin', RegionSubject>({
  who: 'admin',
  reach: (actor, region) => reachesRegion(actor, region.code),
  what: '地区',
});
const adminTask = rule<'admin', TaskSubject>({ who: 'admin', reach: reachesTask, what: '任务' });
const ownAccountData = (what: string) =>
  rule<'signed-in', AccountDataSubject>({
    who: 'signed-in',
    reach: (actor, owner) => owner.userId === actor.userId,
    what,
  });
const managerBinding = rule<'enterprise-manager', ManagerBindingSubject>({
  who: 'enterprise-manager',
  reach: (actor, request) => request.reviewer === 'manager' && request.enterpriseId === actor.enterpriseId,
  what: '绑定申请',
});
const administratorBinding = rule<'admin', AdministratorBindingSubject>({
  who: 'admin',
  reach: (actor, request) =>
    request.reviewer === 'administrator' && reachesRegion(actor, request.enterpriseRegionCode),
  what: '绑定申请',
});

/** Every action of the API, with its rule. A new route adds its action here first. */
export const policies = {
  // One's own account: any signed-in account.
  'session.end': rule({ who: 'signed-in' }),
  'profile.read': rule({ who: 'signed-in' }),
  'profile.update': rule({ who: 'signed-in' }),
  'document.list': rule({ who: 'signed-in' }),
  'document.upload': rule({ who: 'signed-in' }),
  'document.read': ownAccountData('证件文件'),
  // Enterprise-side accounts, bound or not: verification and binding.
  'verification.read': rule({ who: 'enterprise-user' }),
  'verification.submit': rule({ who: 'enterprise-user' }),
  'binding.request': rule({ who: 'enterprise-user' }),
  // The manager of an enterprise's accounts.
  'binding.manager-queue': rule({ who: 'enterprise-manager' }),
  'binding.manager-decide': managerBinding,
  'enterprise-account.list': rule({ who: 'enterprise-manager' }),
  'enterprise-account.remove': rule<'enterprise-manager', FilerAccountSubject>({
    who: 'enterprise-manager',
    reach: (actor, target) => target.enterpriseId === actor.enterpriseId,
    what: '账号',
  }),
  /** 更换手机号 of a filer whose phone is lost: the manager of its enterprise. */
  'enterprise-account.reset-mobile': rule<'enterprise-manager', FilerAccountSubject>({
    who: 'enterprise-manager',
    reach: (actor, target) => target.enterpriseId === actor.enterpriseId,
    what: '账号',
  }),
  // The enterprise's filings.
  'filing.list': ownEnterprise(),
  'filing.open': ownEnterprise(),
  'filing.save': ownEnterprise(),
  'filing.submit': ownEnterprise(),
  'filing.cancel': ownEnterprise(),
  // Workbooks: the role here, the enterprise's own filing by the screen's check they reuse.
  'filing.import': rule({ who: 'enterprise' }),
  'filing.export': rule({ who: 'enterprise' }),
  'change-request.create': ownEnterprise('报表'),
  'task-application.list': ownEnterprise(),
  'task-application.apply': ownEnterprise(),
  'notice.read': rule({ who: 'enterprise' }),
  // A filing by id: the enterprise that files it and the administrators above it.
  'filing.read': enterpriseData('报表'),
  // Administrators.
  'enterprise.list': rule({ who: 'admin' }),
  'enterprise.read': adminEnterprise(),
  'enterprise.create': rule({ who: 'admin' }),
  'enterprise.update': adminEnterprise(),
  'enterprise.import': rule({ who: 'admin' }),
  /** 加入本期应报: listed enterprises join open tasks, by the decision of an administrator above them. */
  'enterprise.join-open-tasks': adminEnterprise(),
  'directory.read': rule({ who: 'admin' }),
  /** 纳统条件: a province (municipalities included) chooses the thresholds of its own notice. */
  'directory.scope-thresholds': rule({
    who: 'admin',
    decides: {
      allowed: (actor) => actor.regionLevel === 'province',
      refusal: () => '纳统条件由省级（含直辖市）管理员按本省通知选择',
    },
  }),
  'filing.extend': adminEnterprise(),
  /** 更换手机号 of any account of an enterprise (its manager's included): an administrator above it. */
  'account.reset-mobile': adminEnterprise('账号'),
  'region.read': adminRegion,
  'task.list': rule({ who: 'admin' }),
  'task.read': adminTask,
  'task.publish': rule({
    who: 'admin',
    decides: {
      allowed: (actor) => actor.regionLevel === 'nation' || actor.regionLevel === 'province',
      refusal: () => '调查任务由部级或省级（含直辖市）管理员发布',
    },
  }),
  'task.export': adminTask,
  'review.queue': rule({ who: 'admin' }),
  'review.read': adminEnterprise('报表'),
  'review.approve': adminEnterprise('报表'),
  'review.return': adminEnterprise('报表'),
  // Each filing of a bulk approval is checked as 'review.approve'.
  'review.bulk-approve': rule({ who: 'admin' }),
  /** 停审阈值 of selective editing: an administrator sets it for a region within reach. */
  'review.stop-threshold': adminRegion,
  'region.pass-up': adminTask,
  'region.return': adminRegion,
  /** 免报: an administrator above the enterprise excuses its obligation (停业, 注销, 迁出, 不再纳统). */
  'obligation.excuse': adminEnterprise(),
  /** 代为审核: an upper level takes over the review of a region below it. */
  'region.take-over': adminRegion,
  'region.remind': adminRegion,
  /** 地区延期: a new deadline for every enterprise of a region (the administrator's own or one below it). */
  'region.extend': adminRegion,
  'region-notice.read': rule({ who: 'admin' }),
  'review-chain.list': rule({ who: 'admin' }),
  'review-chain.read': rule<'admin', { provinceCode: string }>({
    who: 'admin',
    // A 区县 needs to know where its approvals go; other provinces' chains "do not exist".
    reach: (actor, chain) =>
      actor.adminLevel === 'ministry' || provinceCodeOf(actor.regionCode) === chain.provinceCode,
    what: '审核层级设置',
  }),
  'review-chain.update': rule({
    who: 'admin',
    decides: {
      allowed: (actor) => actor.adminLevel === 'ministry',
      refusal: () => '审核层级由部级管理员设置，省级及以下管理员只能查看本省的设置',
    },
  }),
  'aggregation.read': adminTask,
  /** A pass-up as a signed package for another instance: the region's administrators and those above. */
  'exchange.export': adminRegion,
  /** Taking in another instance's pass-up package: an administrator whose region contains the package's. */
  'exchange.import': rule<'admin', RegionSubject>({
    who: 'admin',
    reach: (actor, region) => reachesRegion(actor, region.code),
    outOfReach: { message: '上报包所属地区不在本账号的管辖范围内', field: 'payload.region.code' },
  }),
  'exchange.list': rule({ who: 'admin' }),
  'exchange.read': adminRegion,
  /** 数据质量检查: the findings of a task in the administrator's region, and a new run over that region. */
  'data-quality.read': adminTask,
  'data-quality.run': adminTask,
  'completeness.read': rule({ who: 'admin' }),
  'completeness.remind': adminTask,
  'change-request.list': rule({ who: 'admin' }),
  'change-request.decide': rule<'admin', ChangeRequestSubject>({
    who: 'admin',
    reach: (actor, request) =>
      reachesEnterprise(actor, { id: request.enterpriseId, regionCode: request.regionCode }),
    what: '更正申请',
    decides: {
      allowed: (actor, request) => actor.adminLevel === request.decidingLevel,
      refusal: (request) =>
        `更正申请由终审的${adminLevelLabel[request.decidingLevel]}管理员处理，本级仅可查看`,
    },
  }),
  'task-application.queue': rule({ who: 'admin' }),
  'task-application.decide': rule<'admin', RegionSubject>({
    who: 'admin',
    reach: (actor, application) => reachesRegion(actor, application.code),
    what: '任务申请',
    decides: {
      allowed: (actor) => actor.adminLevel === 'county',
      refusal: () => '任务申请由企业所在区县的管理员审批',
    },
  }),
  'binding.review-queue': rule({ who: 'admin' }),
  'binding.review': administratorBinding,
  'account.list': rule({ who: 'admin' }),
  'account.create': rule<'admin', ChildRegionSubject>({
    who: 'admin',
    reach: isDirectlyBelow,
    outOfReach: { message: '只能为本地区直接下级的地区创建管理员账号', field: 'regionCode' },
  }),
  'account.manage': rule<'admin', AdminAccountSubject>({
    who: 'admin',
    reach: (actor, target) =>
      isDirectlyBelow(actor, { code: target.regionCode, parentCode: target.regionParentCode }),
    what: '管理员账号',
  }),
  'audit.read': rule({ who: 'admin' }),
  /** 制度维护: every administrator sees the published rule switches; the ministry alone tries and publishes them. */
  'rule-switch.list': rule({ who: 'admin' }),
  'rule-switch.try': rule({
    who: 'admin',
    decides: {
      allowed: (actor) => actor.adminLevel === 'ministry',
      refusal: () => '审核规则和参数的变更由部级管理员试算和发布',
    },
  }),
  'rule-switch.publish': rule({
    who: 'admin',
    decides: {
      allowed: (actor) => actor.adminLevel === 'ministry',
      refusal: () => '审核规则和参数的变更由部级管理员试算和发布',
    },
  }),
  // 通知公告: published by an administrator for its region; read by those it reaches.
  'announcement.list': rule({ who: 'signed-in' }),
  'announcement.read': rule<'signed-in', AnnouncementSubject>({
    who: 'signed-in',
    reach: reachesAnnouncement,
    what: '通知公告',
  }),
  'announcement.publish': rule({ who: 'admin' }),
  'announcement.withdraw': rule<'admin', AnnouncementSubject>({
    who: 'admin',
    reach: (actor, announcement) => announcement.regionCode === actor.regionCode,
    what: '通知公告',
  }),
  /** 原平台数据迁入: the whole directory, every region's accounts and filings — the ministry's to run and follow. */
  'migration.import': rule({
    who: 'admin',
    decides: {
      allowed: (actor) => actor.adminLevel === 'ministry',
      refusal: () => '原平台数据迁入由部级管理员执行',
    },
  }),
} as const;

export type PolicyAction = keyof typeof policies;
type RuleOf<A extends PolicyAction> = (typeof policies)[A];
type SubjectOf<A extends PolicyAction> =
  RuleOf<A> extends { reach?: (actor: never, subject: infer S) => boolean } ? S : never;
type WhoOf<A extends PolicyAction> = RuleOf<A>['who'];
/** A subject-less action takes no subject; the others take theirs, `undefined` meaning "not found". */
type SubjectAction = { [A in PolicyAction]: [SubjectOf<A>] extends [void] ? never : A }[PolicyAction];
type SubjectArgs<A extends PolicyAction> = [SubjectOf<A>] extends [void] ? [] : [SubjectOf<A> | undefined];

type Refusal = AppError | null;

/** A wrong role: an account that is not even a bound filer hears that first, a filer that it is no manager. */
function roleRefusalOf(actor: Actor, who: Who): AppError {
  const first = who === 'enterprise-manager' && !isWho(actor, 'enterprise') ? 'enterprise' : who;
  return new AppError('FORBIDDEN', roleRefusal[first]);
}

function refusalOf(actor: Actor, action: PolicyAction, subject: unknown): Refusal {
  const rule = policies[action] as Rule<unknown, Who>;
  if (!isWho(actor, rule.who)) return roleRefusalOf(actor, rule.who);
  if (rule.reach && (subject === undefined || !rule.reach(actor as never, subject))) {
    if (rule.outOfReach) {
      const { message, field } = rule.outOfReach;
      return new AppError('FORBIDDEN', message, [{ name: field, reason: message }]);
    }
    return notFound(rule.what ?? '资源');
  }
  if (rule.decides && !rule.decides.allowed(actor as never, subject)) {
    return new AppError('FORBIDDEN', rule.decides.refusal(subject));
  }
  return null;
}

/** Whether the actor may do the action on the subject (for flags such as "may decide" in a list). */
export function can<A extends PolicyAction>(actor: Actor, action: A, ...[subject]: SubjectArgs<A>): boolean {
  return refusalOf(actor, action, subject) === null;
}

/**
 * The check of an action on a subject: throws "not found" for a subject outside the actor's reach (as for a
 * missing one, `undefined`) and FORBIDDEN for a wrong role or level.
 */
export function authorize<A extends SubjectAction>(
  actor: Actor,
  action: A,
  subject: SubjectOf<A> | undefined,
): asserts subject {
  policyConsultations.getStore()?.push(action);
  const refusal = refusalOf(actor, action, subject);
  if (refusal) throw refusal;
}

/**
 * Who may ask, returning the actor typed for its role: the whole check of an action without a subject, and the
 * first step of one with a subject that can only be loaded once the actor is known (its own enterprise).
 */
export function authorizeActor<A extends PolicyAction>(actor: Actor, action: A): ActorOfWho[WhoOf<A>] {
  const rule = policies[action] as Rule<unknown, Who>;
  // Only a complete check counts as asking the policy: an action with a subject is asked by `authorize`.
  if (!rule.reach) policyConsultations.getStore()?.push(action);
  const refusal = rule.reach
    ? isWho(actor, rule.who)
      ? null
      : roleRefusalOf(actor, rule.who)
    : refusalOf(actor, action, undefined);
  if (refusal) throw refusal;
  return actor as ActorOfWho[WhoOf<A>];
}

/**
 * The actions a request asked in full, so the HTTP layer can tell a route that succeeded without asking the
 * policy for its action (the authentication hook in http/authentication.ts opens it; the access matrix reads it).
 */
export const policyConsultations = new AsyncLocalStorage<PolicyAction[]>();

export function isPolicyAction(value: unknown): value is PolicyAction {
  return typeof value === 'string' && Object.hasOwn(policies, value);
}

/** The actions of an enterprise on its own enterprise's data. */
export type OwnEnterpriseAction = {
  [A in PolicyAction]: WhoOf<A> extends 'enterprise'
    ? SubjectOf<A> extends EnterpriseSubject
      ? A
      : never
    : never;
}[PolicyAction];
