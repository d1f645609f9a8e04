import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('wukong', {});
