import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './echart-canvas';

// ECharts is the largest library of the app and only two pages draw charts: it loads with the first chart.
const EChartCanvas = lazy(() => import('./echart-canvas'));

/** One chart; ECharts itself is fetched the first time a chart is shown. */
export function EChart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <EChartCanvas {...props} />
    </Suspense>
  );
}
