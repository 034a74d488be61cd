import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file to download (or to show, inline), named in UTF-8 with an ASCII fallback, never cached. */
export function sendFile(
  reply: FastifyReply,
  file: { fileName: string; content: Buffer | Readable },
  type: { mediaType: string; fallbackName: string; disposition: 'attachment' | 'inline' } = {
    mediaType: xlsxType,
    fallbackName: 'filing.xlsx',
    disposition: 'attachment',
  },
) {
  return reply
    .type(type.mediaType)
    .header(
      'content-disposition',
      `${type.disposition}; filename="${type.fallbackName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(file.content);
}

/** The 汇总表 (or any .xlsx/.pdf named by its format) as a download. */
export function sendTableFile(
  reply: FastifyReply,
  file: { fileName: string; content: Buffer; format: 'xlsx' | 'pdf' },
) {
  return sendFile(reply, file, {
    mediaType: file.format === 'pdf' ? 'application/pdf' : xlsxType,
    fallbackName: `summary-table.${file.format}`,
    disposition: 'attachment',
  });
}
