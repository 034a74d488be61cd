import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n } from './i18n/i18n';
import { registerAppShellCache } from './offline/app-shell-cache';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

registerAppShellCache();

void initI18n().then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
