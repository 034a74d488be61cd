import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The heading every page starts with; `page-title` is the stable hook browser tests look for. */
export function PageHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  return (
    <Flex className="page-header" align="center" justify="space-between" gap={16} wrap>
      <Typography.Title level={4} data-testid="page-title" style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}
