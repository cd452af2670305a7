import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../scripts/compress-assets';
import { mantineStylesPerComponent } from '../scripts/mantine-styles';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Every build writes .br and .gz next to its hashed assets, once (server/src/plugins/web.ts serves them).
  // Each Mantine component's CSS travels with the chunk that uses it (scripts/mantine-styles.ts).
  plugins: [react(), mantineStylesPerComponent(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // React, its DOM renderer and the router change together and rarely: one long-cached chunk that every
        // page needs. Everything else (Mantine's components included) splits along the routes that use it.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
