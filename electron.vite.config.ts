import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Test hooks are compiled in only when WUKONG_TEST_BUILD=1 (the e2e build); release builds get
// `false` and the bundler drops the whole branch.
const testBuild = process.env.WUKONG_TEST_BUILD === '1';

export default defineConfig({
  main: {
    define: { __WUKONG_TEST_BUILD__: JSON.stringify(testBuild) },
    build: {
      sourcemap: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      sourcemap: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed window can only load a CommonJS preload.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      sourcemap: false,
      // electron-vite leaves the renderer unminified by default; minified it is a third the size.
      minify: process.env.WUKONG_PROFILE_BUILD !== '1',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
