// The web console: built into dist/console (served by the api app at `/`) by `npm run build`.
// `npm run console:dev` serves it with hot reload and forwards /v1 to an api on :3000.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // react-router marks its modules "use client" (for React Server Components); a client-only
      // bundle has nothing to keep from it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
