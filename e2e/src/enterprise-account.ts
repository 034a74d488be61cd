import { inject } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, readSmsCode } from './browser.ts';
import { samplePdf } from './sample-documents.ts';

const baseUrl = inject('baseUrl');

export type Session = { cookie: string; csrfToken: string };

/** A JSON call with a session from apiSignIn or registration; throws with the answer when refused. */
export async function callAs<T>(
  who: Session,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => null)) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function solveCaptcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
  const created = (await (await fetch(`${baseUrl}/api/captchas`, { method: 'POST' })).json()) as {
    captchaId: string;
  };
  const answer = (await (await fetch(`${baseUrl}/api/dev/captchas/${created.captchaId}`)).json()) as {
    answer: string;
  };
  return { captchaId: created.captchaId, captchaAnswer: answer.answer };
}

// GB 11643: a resident ID of 南山区 with a valid check character, different per serial.
function residentId(serial: number): string {
  const first17 = `44030519850101${String(100 + serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** A multipart POST with a session; throws with the answer when refused. */
async function postForm<T>(who: Session, path: string, form: FormData): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    body: form,
  });
  const answer = (await response.json().catch(() => null)) as T;
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

function pdfBlob(content: Buffer): Blob {
  return new Blob([new Uint8Array(content)], { type: 'application/pdf' });
}

/**
 * 绑定企业 as a 自然人 does it: the enterprise's facts with the 营业执照 and the stamped 授权委托书. Answers the
 * request, which waits for the enterprise's manager or an administrator of its region.
 */
export async function requestBinding(
  who: Session,
  enterprise: { name: string; uscc: string; legalRepresentative: string },
): Promise<{ id: string; status: string; reviewer: 'manager' | 'administrator' }> {
  const form = new FormData();
  form.append('uscc', enterprise.uscc);
  form.append('enterpriseName', enterprise.name);
  form.append('legalRepresentative', enterprise.legalRepresentative);
  form.append('industry', 'software');
  form.append('businessLicense', pdfBlob(await samplePdf('Business licence')), '营业执照.pdf');
  form.append('authorizationLetter', pdfBlob(await samplePdf('Letter of authorization')), '授权委托书.pdf');
  return postForm(who, '/api/account/binding', form);
}

/**
 * A filer account of a directory enterprise made as its people would (register, 实名认证 as a natural
 * person, 绑定申请 with the licence and the letter of authorization, approved by the ministry's administrator
 * for an enterprise nobody manages yet), through the API, for journeys that need more enterprises than the demo
 * has accounts for. `serial` keeps the resident ID and mobile of accounts made in one run apart.
 */
export async function enterpriseAccount(
  serial: number,
  enterprise: { name: string; uscc: string; legalRepresentative: string },
): Promise<Session & { username: string; password: string }> {
  const username = `e2e${Date.now().toString(36)}${serial}`;
  const password = 'Regist@2026';
  const mobile = `136${String((Date.now() + serial * 7919) % 1e8).padStart(8, '0')}`;
  const sent = await fetch(`${baseUrl}/api/registration/sms-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mobile, ...(await solveCaptcha()) }),
  });
  if (!sent.ok) throw new Error(`registration code: ${await sent.text()}`);
  const registered = await fetch(`${baseUrl}/api/registration`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username,
      password,
      mobile,
      smsCode: await readSmsCode(baseUrl, { mobile }),
    }),
  });
  if (registered.status !== 201) throw new Error(`registration: ${await registered.text()}`);
  const who: Session = {
    cookie: (registered.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrfToken: ((await registered.json()) as { csrfToken: string }).csrfToken,
  };
  const form = new FormData();
  const fields = {
    accountType: 'natural_person',
    realName: enterprise.legalRepresentative,
    idType: 'resident_id',
    idNumber: residentId(serial),
    contactAddress: '深圳市南山区科技园',
    validFrom: '2015-01-05',
    validUntil: '2035-01-05',
    declaration: 'true',
    ...(await solveCaptcha()),
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('identityDocument', pdfBlob(await samplePdf('Resident ID card')), '身份证.pdf');
  await postForm(who, '/api/account/verification', form);
  const request = await requestBinding(who, enterprise);
  if (request.reviewer !== 'administrator') {
    throw new Error(`${enterprise.name} already has an account manager; pick an enterprise nobody manages`);
  }
  const ministry = await apiSignIn(baseUrl, 'miit', demoPassword);
  await callAs(ministry, 'POST', `/api/admin/binding-requests/${request.id}/decision`, {
    decision: 'approve',
  });
  return { ...who, username, password };
}
