import { describe, expect, it } from 'vitest';
import { sameSourceSignal, type SubmissionSource } from './integrity-signals.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 3, 10, 2, minutes));
const chrome = 'Mozilla/5.0 Chrome/131';

function submission(
  enterprise: string,
  minutes: number,
  ip = '203.0.113.7',
  userAgent = chrome,
): SubmissionSource {
  return {
    filingId: `filing-${enterprise}-${minutes}`,
    enterpriseId: enterprise,
    enterpriseName: `${enterprise}软件有限公司`,
    ip,
    userAgent,
    at: at(minutes),
  };
}

describe('the same-address 代报 signal', () => {
  const own = { enterpriseId: '甲', ip: '203.0.113.7', userAgent: chrome, at: at(0) };

  it('flags three enterprises from one address and browser within 30 minutes, naming the others', () => {
    expect(sameSourceSignal(own, [submission('甲', 0), submission('乙', 10), submission('丙', 29)])).toBe(
      '30分钟内共有3家企业从同一IP地址（203.0.113.7）和同一浏览器上报（另有乙软件有限公司、丙软件有限公司），请核实是否代报',
    );
  });

  it('says only the address when the browsers differ', () => {
    expect(
      sameSourceSignal(own, [submission('乙', 5, '203.0.113.7', 'Firefox'), submission('丙', 6)]),
    ).toMatch(/^30分钟内共有3家企业从同一IP地址（203\.0\.113\.7）上报/);
  });

  it('stays silent for two enterprises, for submissions outside the window or from other addresses', () => {
    expect(sameSourceSignal(own, [submission('乙', 5), submission('乙', 6)])).toBeNull();
    expect(sameSourceSignal(own, [submission('乙', 5), submission('丙', 31)])).toBeNull();
    expect(sameSourceSignal(own, [submission('乙', 5), submission('丙', 6, '198.51.100.2')])).toBeNull();
  });

  it('follows a stricter rule when given one', () => {
    expect(
      sameSourceSignal(own, [submission('乙', 5), submission('丙', 6)], {
        windowMinutes: 30,
        minEnterprises: 4,
      }),
    ).toBeNull();
  });

  it('ignores loopback addresses, where the server cannot see who filed', () => {
    const local = { ...own, ip: '127.0.0.1' };
    expect(
      sameSourceSignal(local, [submission('乙', 5, '127.0.0.1'), submission('丙', 6, '127.0.0.1')]),
    ).toBeNull();
  });
});
