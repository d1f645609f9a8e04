// electron-builder configuration, read by `electron-builder --config electron-builder.config.ts`
// and by scripts/dist.ts (npm run dist / dist:dir). The settings live in
// scripts/packaging/builder-config.ts; this file only applies them to the current environment.
import { createConfig } from './scripts/packaging/builder-config';

export default createConfig(process.env);
