import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readSmsCode, type SignedIn } from './test-app.ts';

/** Small documents whose bytes say what they are, as a scanner would produce. */
export const sampleFiles = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    Buffer.from('IHDR'),
    Buffer.alloc(32),
  ]),
  /** A Windows executable: "MZ" then a PE header at 0x80. */
  exe: (() => {
    const exe = Buffer.alloc(256);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\0\0', 0x80, 'latin1');
    return exe;
  })(),
};

/** A valid GB 11643 resident ID number (南山区, born 1990-03-07). */
export const validResidentId = '440305199003071236';
export const validResidentId2 = '110105198512010026';

export function residentIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** The same number with a wrong last character. */
export function withWrongCheckDigit(id: string): string {
  const last = id.at(-1)!;
  return id.slice(0, 17) + (last === '1' ? '2' : '1');
}

/** Builds a multipart/form-data body as a browser sends it. */
export function multipart(
  fields: Record<string, string>,
  files: Record<string, { fileName: string; content: Buffer; contentType?: string }> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----zhibao${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const [name, file] of Object.entries(files)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.fileName}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/pdf'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A fresh image captcha with its answer, read through the development route. */
export async function solveCaptcha(
  app: FastifyInstance,
): Promise<{ captchaId: string; captchaAnswer: string }> {
  const created = await app.inject({ method: 'POST', url: '/api/captchas' });
  const { captchaId } = created.json<{ captchaId: string }>();
  const answer = await app.inject({ method: 'GET', url: `/api/dev/captchas/${captchaId}` });
  return { captchaId, captchaAnswer: answer.json<{ answer: string }>().answer };
}

let serial = 0;

/** Registers a new account through the API (captcha, SMS code, form), answering the signed-in session. */
export async function registerThroughApi(
  app: FastifyInstance,
  options: { username?: string; mobile?: string; password?: string } = {},
): Promise<SignedIn & { username: string; mobile: string; password: string }> {
  serial += 1;
  const username = options.username ?? `reg${Date.now().toString(36)}${serial}`;
  const mobile = options.mobile ?? `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const password = options.password ?? 'Regist@2026';
  const codeResponse = await app.inject({
    method: 'POST',
    url: '/api/registration/sms-code',
    payload: { mobile, ...(await solveCaptcha(app)) },
  });
  if (codeResponse.statusCode !== 200) throw new Error(`registration code failed: ${codeResponse.body}`);
  const smsCode = await readSmsCode(app, { mobile });
  const response = await app.inject({
    method: 'POST',
    url: '/api/registration',
    payload: { username, password, mobile, smsCode },
  });
  if (response.statusCode !== 201) throw new Error(`registration failed: ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrfToken: response.json<{ csrfToken: string }>().csrfToken, username, mobile, password };
}

export function naturalPersonFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    accountType: 'natural_person',
    realName: '王小明',
    idType: 'resident_id',
    idNumber: validResidentId,
    contactAddress: '海淀区中关村东路66号',
    validFrom: '2015-01-05',
    validUntil: '2035-01-05',
    declaration: 'true',
    ...overrides,
  };
}

export function legalPersonFields(
  enterprise: { uscc: string; name: string },
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    accountType: 'legal_person',
    organizationType: 'domestic_enterprise',
    uscc: enterprise.uscc,
    organizationName: enterprise.name,
    legalPersonType: 'enterprise_legal_person',
    legalRepresentativeName: '测试',
    legalRepresentativeIdType: 'resident_id',
    legalRepresentativeIdNumber: validResidentId2,
    contactAddress: '深圳市南山区科技园',
    validFrom: '2016-05-01',
    isPermanent: 'true',
    declaration: 'true',
    ...overrides,
  };
}

/** Submits the 实名认证 form with a solved captcha and the given scans. */
export async function submitVerificationAs(
  app: FastifyInstance,
  who: SignedIn,
  fields: Record<string, string>,
  files: Record<string, { fileName: string; content: Buffer }> = {
    identityDocument: { fileName: '身份证正反面扫描件.pdf', content: sampleFiles.pdf },
  },
): Promise<LightMyRequestResponse> {
  const body = multipart({ ...fields, ...(await solveCaptcha(app)) }, files);
  return app.inject({
    method: 'POST',
    url: '/api/account/verification',
    payload: body.payload,
    headers: { ...body.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken },
  });
}
