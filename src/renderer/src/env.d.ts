import type { WukongApi } from '../../shared/bridge-api';

// The preload exposes exactly one object; everything the renderer does goes through it.
declare global {
  interface Window {
    wukong: WukongApi;
  }
}

export {};
