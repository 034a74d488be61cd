import { Button } from 'antd';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

// 适老化: larger type and more space around every control, switched with one click and remembered in this browser.
// The app's antd theme reads it (app.tsx), so every page follows without per-page styles.

const storageKey = 'zhibao.seniorMode';
const listeners = new Set<() => void>();

function readSeniorMode(): boolean {
  return localStorage.getItem(storageKey) === 'on';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setSeniorMode(isOn: boolean): void {
  if (isOn) localStorage.setItem(storageKey, 'on');
  else localStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function useIsSeniorMode(): boolean {
  return useSyncExternalStore(subscribe, readSeniorMode);
}

/** The one-click switch, pressed while the mode is on. */
export function SeniorModeSwitch() {
  const { t } = useTranslation();
  const isOn = useIsSeniorMode();
  return (
    <Button size="small" aria-pressed={isOn} data-testid="senior-mode" onClick={() => setSeniorMode(!isOn)}>
      {t('seniorMode.label')}
    </Button>
  );
}
