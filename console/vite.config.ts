// The console's build: `vite build console` (npm's prepare script, run by `npm ci`) writes console/dist,
// which `piscope serve` serves at `/`. No CDN, no outside font: everything the page loads is in dist.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8300' } },
});
