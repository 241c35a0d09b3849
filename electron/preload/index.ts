/**
 * The renderer's only door to the core: `invoke(method, input)` and `on(event, callback)`.
 * ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const bridge = {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke('balabaqsha:invoke', method, input);
  },
  on(event: string, callback: (payload: unknown) => void): () => void {
    const listener = (_: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) callback(payload);
    };
    ipcRenderer.on('balabaqsha:event', listener);
    return () => ipcRenderer.removeListener('balabaqsha:event', listener);
  },
};

contextBridge.exposeInMainWorld('balabaqsha', bridge);
