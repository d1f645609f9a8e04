/** Replaced at build time by electron-vite (electron.vite.config.ts); false in release builds. */
declare const __WUKONG_TEST_BUILD__: boolean;
