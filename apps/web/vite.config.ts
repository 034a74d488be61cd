import react from '@vitejs/plugin-react';
import { zhibaoEditions } from '@zhibao/survey/vite-plugin';
import { defineConfig } from 'vite';

const apiServer = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), zhibaoEditions()],
  build: {
    outDir: 'dist',
    // Pages load on first use and ECharts with the first chart. The largest chunks left are antd's shared
    // components and ECharts itself (about 600 kB and 530 kB before gzip): a limit just above them keeps
    // the warning for anything that grows past that.
    chunkSizeWarningLimit: 650,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
    },
  },
});
