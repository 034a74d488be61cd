import { announcementAttachmentFields, announcementForm } from '@zhibao/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import type { UploadedFile } from '../account/document-file.ts';
import { insertAuditEvent } from '../audit/audit-event.repository.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { insertAnnouncement } from './announcement.repository.ts';

// What a notice carries: its PDF, the 制度 or manual as Word or PDF, a table as Excel. The old Office formats are
// one container (CFB) to the sniffer; their extension says which.
const acceptedTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
};
const oldOfficeTypes: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel' };

async function attachmentMediaType(file: UploadedFile, field: string): Promise<string> {
  const detected = await fileTypeFromBuffer(file.content);
  if (detected && detected.mime in acceptedTypes) return detected.mime;
  const extension = file.fileName.split('.').pop()?.toLowerCase() ?? '';
  if (detected?.ext === 'cfb' && extension in oldOfficeTypes) return oldOfficeTypes[extension]!;
  const reason = `附件“${file.fileName}”不是 PDF、Word 或 Excel 文件`;
  throw new AppError('VALIDATION_FAILED', reason, [{ name: field, reason }]);
}

/** The day's end in China (UTC+8, no daylight saving): an announcement valid "until 12-31" shows all that day. */
function endOfChinaDay(date: string): Date {
  return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000);
}

/**
 * 发布通知公告: an administrator publishes for its own region and the regions below, to their enterprises,
 * their administrators or both; the announcement, its attachments and the audit row in one transaction.
 */
export async function publishAnnouncement(
  ctx: AppContext,
  actor: Actor,
  fields: Record<string, string>,
  files: Record<string, UploadedFile>,
  meta: RequestMeta,
): Promise<{ id: string }> {
  const admin = authorizeActor(actor, 'announcement.publish');
  const form = announcementForm.parse(fields);
  const now = ctx.now();
  const expiresAt = form.expiresOn ? endOfChinaDay(form.expiresOn) : null;
  if (expiresAt && expiresAt <= now) {
    const reason = '有效期至不能早于今天';
    throw new AppError('VALIDATION_FAILED', reason, [{ name: 'expiresOn', reason }]);
  }
  const attachments: Array<UploadedFile & { mediaType: string }> = [];
  for (const field of announcementAttachmentFields) {
    const file = files[field];
    if (!file) continue;
    attachments.push({ ...file, mediaType: await attachmentMediaType(file, field) });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertAnnouncement(trx, {
      regionCode: admin.regionCode,
      scopePrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
      audience: form.audience,
      category: form.category,
      title: form.title,
      body: form.body,
      isPinned: form.isPinned,
      expiresAt,
      publishedBy: admin.userId,
      publishedAt: now,
      attachments,
    });
    await insertAuditEvent(trx, {
      actorUserId: admin.userId,
      action: 'announcement.publish',
      subjectType: 'announcement',
      subjectId: id,
      regionCode: admin.regionCode,
      details: {
        title: form.title,
        audience: form.audience,
        category: form.category,
        attachments: attachments.length,
      },
      requestId: meta.requestId,
      ip: meta.ip,
      at: now,
    });
    return { id };
  });
}
