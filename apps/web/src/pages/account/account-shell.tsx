import { Card } from 'antd';
import type { ReactNode } from 'react';
import { PublicFrame } from '../../layout/public-frame';

/** The frame of the account pages before a person reaches their area: the login page's look, a wider card. */
export function AccountShell({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <PublicFrame>
      <main className="account-main">
        <Card
          className="account-card"
          title={<span data-testid="page-title">{title}</span>}
          extra={extra}
          variant="borderless"
        >
          {children}
        </Card>
      </main>
    </PublicFrame>
  );
}
