import { MessageOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Captcha } from '../../api/account.api';
import { CaptchaImage } from './captcha-image';

/** Counts down the seconds until a code may be requested again. */
export function useCountdown(): [number, (seconds: number) => void] {
  const [remaining, setRemaining] = useState(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current);
    },
    [],
  );
  function start(seconds: number) {
    if (timer.current) clearInterval(timer.current);
    setRemaining(seconds);
    timer.current = setInterval(() => {
      setRemaining((value) => {
        if (value <= 1 && timer.current) clearInterval(timer.current);
        return Math.max(0, value - 1);
      });
    }, 1000);
  }
  return [remaining, start];
}

/**
 * The image captcha's answer (form field `captchaAnswer`) beside its picture. `problem` shows a message the page
 * checks itself; without it the field is required by the form.
 */
export function CaptchaField({
  captcha,
  onRefresh,
  problem,
}: {
  captcha: Captcha | null;
  onRefresh: () => void;
  problem?: string | null;
}) {
  const { t } = useTranslation();
  const isCheckedByPage = problem !== undefined;
  return (
    <Form.Item
      label={t('account.captcha.label')}
      required
      validateStatus={problem ? 'error' : undefined}
      help={problem ?? undefined}
    >
      <Space.Compact block>
        <Form.Item
          name="captchaAnswer"
          noStyle
          rules={
            isCheckedByPage
              ? undefined
              : [{ required: true, whitespace: true, message: t('account.captcha.required') }]
          }
        >
          <Input
            prefix={<SafetyOutlined className="login-input-icon" />}
            placeholder={t('account.captcha.placeholder')}
            autoComplete="off"
            maxLength={8}
            aria-label={t('account.captcha.label')}
          />
        </Form.Item>
        <CaptchaImage captcha={captcha} onRefresh={onRefresh} />
      </Space.Compact>
    </Form.Item>
  );
}

/** The texted code (form field `smsCode`) with its 获取验证码 / 重新发送 button and the countdown before a resend. */
export function SmsCodeField({
  sentHint,
  onSend,
  isSending = false,
  resendIn = 0,
  rules,
}: {
  /** Where the code went, once it was sent. */
  sentHint: string | null;
  onSend: () => void;
  isSending?: boolean;
  resendIn?: number;
  rules?: Rule[];
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={t('login.smsCode')}
      required
      extra={sentHint ? <span data-testid="sms-sent">{sentHint}</span> : undefined}
    >
      <Space.Compact block>
        <Form.Item name="smsCode" noStyle rules={rules}>
          <Input
            prefix={<MessageOutlined className="login-input-icon" />}
            placeholder={t('login.smsCodePlaceholder')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            aria-label={t('login.smsCode')}
          />
        </Form.Item>
        <Button onClick={onSend} loading={isSending} disabled={resendIn > 0} data-testid="send-sms-code">
          {resendIn > 0
            ? t('login.resendIn', { seconds: resendIn })
            : sentHint
              ? t('login.resend')
              : t('login.sendCode')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
