import type { FilingValues, Finding } from '@zhibao/survey';
import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AuditPanel } from './audit-panel';

/** The audited content of an uploaded template, shown for confirmation before it replaces the draft. */
export function ImportDialog({
  imported,
  onConfirm,
  onCancel,
}: {
  imported: { fileName: string; values: FilingValues; findings: Finding[] };
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const filled = Object.values(imported.values).reduce(
    (sum, cells) => sum + Object.values(cells ?? {}).filter((value) => value !== null).length,
    0,
  );
  return (
    <Modal
      open
      title={t('filing.importTitle')}
      okText={t('filing.importConfirm')}
      cancelText={t('filing.importCancel')}
      onOk={onConfirm}
      onCancel={onCancel}
      width={760}
    >
      <Typography.Paragraph>
        {t('filing.importSummary', { fileName: imported.fileName, count: filled })}
      </Typography.Paragraph>
      <Alert type="info" showIcon title={t('filing.importHint')} className="explain-hint" />
      <div data-testid="import-audit">
        <AuditPanel findings={imported.findings} onSelect={() => undefined} />
      </div>
    </Modal>
  );
}

/** The file's bytes as base64, for the JSON upload. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
