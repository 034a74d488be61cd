import { ReloadOutlined } from '@ant-design/icons';
import { Spin, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCaptcha, type Captcha } from '../../api/account.api';

/** Loads image captchas: `captcha` is the current one, `refresh` replaces it (each is good for one answer). */
export function useCaptcha(isEnabled = true): { captcha: Captcha | null; refresh: () => void } {
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!isEnabled) return;
    let isCurrent = true;
    fetchCaptcha().then(
      (loaded) => isCurrent && setCaptcha(loaded),
      () => isCurrent && setCaptcha(null),
    );
    return () => {
      isCurrent = false;
    };
  }, [generation, isEnabled]);
  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  return { captcha, refresh };
}

/** The captcha picture; a click fetches a new one. */
export function CaptchaImage({ captcha, onRefresh }: { captcha: Captcha | null; onRefresh: () => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('account.captcha.refresh')}>
      <button
        type="button"
        className="captcha-image"
        onClick={onRefresh}
        aria-label={t('account.captcha.refresh')}
        data-testid="captcha-image"
        data-captcha-id={captcha?.captchaId ?? ''}
      >
        {captcha ? (
          <img
            src={`data:image/svg+xml;utf8,${encodeURIComponent(captcha.svg)}`}
            alt={t('account.captcha.alt')}
          />
        ) : (
          <Spin size="small" indicator={<ReloadOutlined spin />} />
        )}
      </button>
    </Tooltip>
  );
}
