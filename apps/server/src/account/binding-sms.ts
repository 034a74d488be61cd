import type { SideEffect, SmsRecipient } from '../outbox/side-effects.ts';

/**
 * The texts of the binding flow. Fixed wording only: nothing a user typed (a name, a reason) goes into an SMS;
 * the person reads the details after logging in.
 */
export const bindingSmsTemplates = {
  requestForManager: '【直报】有用户申请绑定贵企业的填报账号，请登录直报系统，在“用户中心—企业账号”中审核。',
  legalPersonClaimForManager:
    '【直报】有用户以法人身份申请绑定贵企业，所在地主管部门将审核其材料。如有异议，请及时联系所在区县主管部门。',
  approved: '【直报】您的企业绑定申请已通过审核，请登录直报系统开始填报。',
  refused: '【直报】您的企业绑定申请未通过审核，请登录直报系统查看原因。',
  managerTransferred:
    '【直报】经主管部门审核，贵企业的账号管理人已变更为法人账号，您的账号保留为填报账号。如有异议，请联系所在区县主管部门。',
  removed:
    '【直报】您的账号已被企业账号管理人移出所绑定的企业，无法再查看或填报该企业的报表。如有异议，请联系本企业。',
} as const;

/**
 * A binding text as a side effect of the change, queued in its transaction and sent by the outbox worker after
 * commit (the audit trail and the in-app state are the record; a failing gateway is retried, never undoes it).
 */
export function bindingSms(mobiles: ReadonlyArray<SmsRecipient | undefined>, text: string): SideEffect {
  return { kind: 'sms', mobiles, text };
}
