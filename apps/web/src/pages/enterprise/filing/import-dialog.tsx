import {
  listCells,
  type CellValue,
  type FilingValues,
  type Finding,
  type FormDefinition,
  type FormId,
} from '@zhibao/survey';
import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../format/number-format';
import { AuditPanel } from './audit-panel';

interface CellChange {
  path: string;
  name: string;
  before: CellValue;
  after: CellValue;
}

/** The typed cells an import would change: what the draft holds now beside what the file brings. */
function changesOf(
  forms: readonly FormDefinition[],
  current: (formId: FormId, key: string) => CellValue,
  values: FilingValues,
): CellChange[] {
  const changes: CellChange[] = [];
  for (const form of forms) {
    for (const cell of listCells(form)) {
      if (cell.isComputed) continue;
      const before = current(form.id, cell.key);
      const after = values[form.id]?.[cell.key] ?? null;
      if (before !== after) {
        changes.push({
          path: `${form.id}.${cell.key}`,
          name: `${form.tableNo} ${cell.label} ${cell.name}`,
          before,
          after,
        });
      }
    }
  }
  return changes;
}

const shown = (value: CellValue) => (typeof value === 'number' ? formatMoney(value) : (value ?? ''));

/**
 * The audited content of an uploaded template, shown for confirmation before it replaces the draft, with every
 * cell it would change listed beside the value it replaces.
 */
export function ImportDialog({
  imported,
  forms,
  current,
  onConfirm,
  onCancel,
}: {
  imported: { fileName: string; values: FilingValues; findings: Finding[] };
  forms: readonly FormDefinition[];
  current: (formId: FormId, key: string) => CellValue;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const changes = changesOf(forms, current, imported.values);
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
      <div data-testid="import-changes" className="import-changes">
        <Typography.Text strong>
          {changes.length > 0
            ? t('filing.importChanges', { count: changes.length })
            : t('filing.importNoChanges')}
        </Typography.Text>
        {changes.length > 0 ? (
          <table className="conflict-table">
            <thead>
              <tr>
                <th>{t('filing.conflictCell')}</th>
                <th>{t('filing.importBefore')}</th>
                <th>{t('filing.importAfter')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.path} data-change={change.path}>
                  <td>{change.name}</td>
                  <td className="conflict-mine">{shown(change.before)}</td>
                  <td className="conflict-theirs">{shown(change.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
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
