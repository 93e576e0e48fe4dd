import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies the platform's routes so `npm run dev -w @medunion/web` works against `npm start`.
const platform = process.env.MEDUNION_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is several hundred KB raw; the budget that matters is the gzipped first load, measured in the README.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: Object.fromEntries(['/auth', '/api', '/fhir', '/oauth2', '/docs', '/healthz'].map((p) => [p, platform])),
  },
});
