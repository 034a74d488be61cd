import { randomBytes } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readSmsCode, type SignedIn } from './test-app.ts';

/** A one-page A4 PDF with some text on it, as a scanner's PDF would be: small but complete. */
async function buildPdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let line = 0; line < 12; line += 1) {
    page.drawText(`${text} - line ${line + 1}`, { x: 50, y: 780 - line * 24, size: 14, font });
  }
  return Buffer.from(await document.save());
}

/** An image of a card-sized scan, with a pattern so that it does not compress to nothing. */
function buildPng(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  for (let index = 0; index < width * height; index += 1) {
    image.data[index * 4] = (index * 13) % 256;
    image.data[index * 4 + 1] = (index >> 3) % 256;
    image.data[index * 4 + 2] = 200;
    image.data[index * 4 + 3] = 255;
  }
  return PNG.sync.write(image);
}

function buildJpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let index = 0; index < data.length; index += 1) data[index] = (index * 7) % 256;
  return jpeg.encode({ data, width, height }, 80).data;
}

/** Documents as a scanner or a phone produces them, and the fakes an attacker sends. */
export const sampleFiles = {
  pdf: await buildPdf('ID card scan'),
  licencePdf: await buildPdf('Business licence'),
  letterPdf: await buildPdf('Letter of authorization, stamped'),
  png: buildPng(400, 260),
  jpeg: buildJpeg(400, 260),
  /** What passed as a 法人's documents before: 45 bytes that start like a PDF and are nothing. */
  fakePdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(36, 0x20)]),
  /** A PNG signature and header with no image data behind them. */
  fakePng: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    Buffer.from('IHDR'),
    Buffer.from([0, 0, 1, 144, 0, 0, 1, 4, 8, 6, 0, 0, 0]),
    Buffer.alloc(2048),
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

/** The facts of an enterprise as the national credit registry publishes them: anyone can know these. */
export function publicFactsOf(
  enterprise: { uscc: string; name: string },
  legalRepresentative = '测试',
): Record<string, string> {
  return {
    uscc: enterprise.uscc,
    enterpriseName: enterprise.name,
    legalRepresentative,
    industry: 'software',
  };
}

/**
 * Submits 绑定企业 (the facts, with the 营业执照 and 授权委托书 scans a 自然人 brings; pass `files: {}` for
 * none) as multipart/form-data, from an address of the caller's choice.
 */
export async function requestBindingAs(
  app: FastifyInstance,
  who: SignedIn,
  fields: Record<string, string>,
  options: {
    files?: Record<string, { fileName: string; content: Buffer }>;
    remoteAddress?: string;
  } = {},
): Promise<LightMyRequestResponse> {
  const files = options.files ?? {
    businessLicense: { fileName: '营业执照.pdf', content: sampleFiles.licencePdf },
    authorizationLetter: { fileName: '授权委托书.pdf', content: sampleFiles.letterPdf },
  };
  const body = multipart(fields, files);
  return app.inject({
    method: 'POST',
    url: '/api/account/binding',
    payload: body.payload,
    headers: { ...body.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** A registered account whose 实名认证 as a 自然人 has been submitted. */
export async function verifiedNaturalPerson(
  app: FastifyInstance,
  overrides: Record<string, string> = {},
): Promise<SignedIn & { username: string; mobile: string; password: string }> {
  const who = await registerThroughApi(app);
  const verified = await submitVerificationAs(app, who, naturalPersonFields(overrides));
  if (verified.statusCode !== 201) throw new Error(`verification failed: ${verified.body}`);
  return who;
}

/** A registered account whose 实名认证 as the enterprise's 法人 has been submitted. */
export async function verifiedLegalPerson(
  app: FastifyInstance,
  enterprise: { uscc: string; name: string },
  overrides: Record<string, string> = {},
): Promise<SignedIn & { username: string; mobile: string; password: string }> {
  const who = await registerThroughApi(app);
  const verified = await submitVerificationAs(app, who, legalPersonFields(enterprise, overrides), {
    identityDocument: { fileName: '法定代表人身份证.png', content: sampleFiles.png },
    businessLicense: { fileName: '营业执照.pdf', content: sampleFiles.licencePdf },
  });
  if (verified.statusCode !== 201) throw new Error(`verification failed: ${verified.body}`);
  return who;
}
