import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../http/app-error.ts';
import { hasUnsafeCharacter, unsafeTextReason } from '../http/text-safety.ts';
import { describeDocumentProblem } from './document-content.ts';

export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

/**
 * Reads a multipart form into memory: text fields and the named file fields, each file at most
 * `maxFileBytes` (a larger one is refused naming its field). Unknown file fields are refused.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  options: { fileFields: readonly string[]; maxFileBytes: number; labels: Record<string, string> },
): Promise<MultipartForm> {
  if (!request.isMultipart()) {
    const reason = '请以表单（multipart/form-data）提交，并附上证件扫描件';
    throw new AppError('VALIDATION_FAILED', reason, [{ name: options.fileFields[0] ?? '(body)', reason }]);
  }
  const form: MultipartForm = { fields: {}, files: {} };
  const maxMb = Math.round((options.maxFileBytes / 1024 / 1024) * 10) / 10;
  const parts = request.parts({
    limits: { fileSize: options.maxFileBytes, files: options.fileFields.length, fields: 40 },
  });
  for await (const part of parts) {
    // The JSON routes are checked by the text-safety hook; a form's names and fields only exist here.
    const text = [part.fieldname, part.type === 'field' ? String(part.value) : part.filename];
    if (text.some(hasUnsafeCharacter)) {
      const name = hasUnsafeCharacter(part.fieldname) ? '(body)' : part.fieldname;
      if (part.type === 'file') await part.toBuffer().catch(() => undefined);
      throw new AppError('VALIDATION_FAILED', `请求内容有误：${name} ${unsafeTextReason}`, [
        { name, reason: unsafeTextReason },
      ]);
    }
    if (part.type === 'field') {
      form.fields[part.fieldname] = String(part.value);
      continue;
    }
    if (!options.fileFields.includes(part.fieldname)) {
      await part.toBuffer().catch(() => undefined);
      const reason = `不接受的文件字段：${part.fieldname}`;
      throw new AppError('VALIDATION_FAILED', reason, [{ name: part.fieldname, reason }]);
    }
    try {
      const content = await part.toBuffer();
      if (content.length > 0) form.files[part.fieldname] = { fileName: part.filename, content };
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        const label = options.labels[part.fieldname] ?? part.fieldname;
        const reason = `${label}不能超过 ${maxMb} MB`;
        throw new AppError('PAYLOAD_TOO_LARGE', reason, [{ name: part.fieldname, reason }]);
      }
      throw error;
    }
  }
  return form;
}

const acceptedTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
};

/**
 * What the bytes are, not what the name says: only PDF, JPG and PNG are accepted, first judged by their
 * magic bytes (so an .exe renamed .pdf is refused, saying what it is), then parsed: a file that merely starts
 * like a PDF or an image, or is too small or too low in resolution to be a scan, is refused as well.
 * Answers the media type.
 */
export async function assertAcceptedDocument(
  file: UploadedFile,
  field: string,
  label: string,
): Promise<string> {
  const detected = await fileTypeFromBuffer(file.content);
  if (!detected || !(detected.mime in acceptedTypes)) {
    const what = detected ? `检测到的实际格式为 ${detected.ext.toUpperCase()}` : '无法识别文件格式';
    const reason = `${label}“${file.fileName}”的内容不是 PDF、JPG 或 PNG 文件（${what}），请上传证件的扫描件`;
    throw new AppError('VALIDATION_FAILED', reason, [{ name: field, reason }]);
  }
  const problem = await describeDocumentProblem(file.content, detected.mime);
  if (problem) {
    const reason = `${label}“${file.fileName}”无法作为扫描件受理：${problem}。请上传清晰、完整的扫描件或照片`;
    throw new AppError('VALIDATION_FAILED', reason, [{ name: field, reason }]);
  }
  return detected.mime;
}
