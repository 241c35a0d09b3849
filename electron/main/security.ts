/**
 * Every security-relevant setting of the desktop window, in one place that imports nothing
 * from Electron, so a unit test can check that none of it is ever weakened.
 */

/** The renderer is our own code only: no inline script, nothing remote, no eval. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine sets style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/** The camera, for children's photos; every other permission is refused. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media']);

/** The app's own scheme: the renderer is served from inside the package, never from a server. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Whether a frame URL belongs to the app (the only origin allowed to call the core). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
