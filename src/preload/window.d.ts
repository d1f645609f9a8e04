import type { WukongApi } from '../shared/bridge-api';

// window.wukong, exposed by src/preload/index.ts (and by the browser test host).
declare global {
  interface Window {
    wukong: WukongApi;
  }
}

export {};
