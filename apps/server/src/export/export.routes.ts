import { PassThrough } from 'node:stream';
import {
  batchExportQuery,
  filingIdParams,
  taskFilingsExportQuery,
  taskIdParams,
  templateUploadBody,
} from '@zhibao/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../http/authentication.ts';
import { sendFile } from '../http/send-file.ts';
import {
  downloadTemplate,
  exportFiling,
  exportFilings,
  importTemplate,
  openTaskFilingsExport,
} from './export.service.ts';
import { printFilingReceipt } from './filing-receipt.service.ts';

export function exportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/enterprise/filings/export.xlsx',
    { config: { policy: 'filing.export' } },
    async (request, reply) =>
      sendFile(reply, await exportFilings(ctx, actorOf(request), batchExportQuery.parse(request.query))),
  );

  app.get(
    '/api/enterprise/filings/:filingId/export.xlsx',
    { config: { policy: 'filing.export' } },
    async (request, reply) =>
      sendFile(
        reply,
        await exportFiling(ctx, actorOf(request), filingIdParams.parse(request.params).filingId),
      ),
  );

  // For the enterprise and the administrators above it alike; opened in the browser's viewer to print.
  app.get(
    '/api/filings/:filingId/receipt.pdf',
    { config: { policy: 'filing.read' } },
    async (request, reply) =>
      sendFile(
        reply,
        await printFilingReceipt(ctx, actorOf(request), filingIdParams.parse(request.params).filingId),
        { mediaType: 'application/pdf', fallbackName: 'receipt.pdf', disposition: 'inline' },
      ),
  );

  app.get(
    '/api/enterprise/tasks/:taskId/template.xlsx',
    { config: { policy: 'filing.export' } },
    async (request, reply) =>
      sendFile(
        reply,
        await downloadTemplate(ctx, actorOf(request), taskIdParams.parse(request.params).taskId),
      ),
  );

  app.get(
    '/api/admin/tasks/:taskId/filings/export.xlsx',
    { config: { policy: 'task.export' } },
    async (request, reply) => {
      const { taskId } = taskIdParams.parse(request.params);
      const { regionCode } = taskFilingsExportQuery.parse(request.query);
      const exported = await openTaskFilingsExport(ctx, actorOf(request), { taskId, regionCode });
      // Streamed: the access check is done; a failure halfway can only cut the download short, and is logged.
      const content = new PassThrough();
      exported.writeTo(content).catch((error: unknown) => {
        // A download the browser cut short closed the stream first: nothing failed on this side.
        if (content.destroyed) request.log.info('明细导出 stopped: the download was cut short');
        else {
          request.log.error({ err: error }, '明细导出 failed while streaming');
          content.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      });
      return sendFile(reply, { fileName: exported.fileName, content });
    },
  );

  app.post(
    '/api/enterprise/tasks/:taskId/filing/import',
    { config: { policy: 'filing.import' } },
    async (request) => {
      const { taskId } = taskIdParams.parse(request.params);
      const body = templateUploadBody.parse(request.body);
      return importTemplate(ctx, actorOf(request), taskId, Buffer.from(body.contentBase64, 'base64'));
    },
  );
}
