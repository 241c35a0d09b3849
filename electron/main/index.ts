/**
 * The Electron shell: one sandboxed window, the core in a utility process, safeStorage for the
 * device seal, a Kazakh/Russian menu. Kept small enough to be checked by reading; everything
 * else lives in Electron-free modules.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ALLOWED_PERMISSIONS,
  APP_ENTRY,
  APP_HOST,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  isAppUrl,
} from './security';
import { MENU_LABELS, menuLanguage } from './menu-labels';
import { listPrinters, printPdf, PrintError, takePrintJob } from './printing';
import type { FromCore, ToCore } from '../host/utility/messages';
import type { RpcResult } from '../core/api';
import { resolveDataLocation } from '../core/updates/data-location';
import { answerSealRequest, safeStorageAvailable } from '../core/vault/device-seal';
import { startUpdates, type Updates } from './updater';
import { ESIGN_TEST_SWITCHES } from '../core/esign/test-switches';

const DIST = __dirname; // dist/electron
const RENDERER = join(DIST, '..', 'renderer');
const RESOURCES = app.isPackaged ? process.resourcesPath : join(DIST, '..', '..');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// The data folder and Chromium's Local State (safeStorage's key) in %LOCALAPPDATA%, not Roaming,
// chosen before anything reads them; the single-instance lock follows, so one instance moves.
const roamingDir = app.getPath('userData');
const localDir =
  process.platform === 'win32' && process.env.LOCALAPPDATA
    ? join(process.env.LOCALAPPDATA, app.getName())
    : roamingDir;
app.setPath('userData', localDir);
app.setPath('sessionData', localDir);
const singleInstance = app.requestSingleInstanceLock();
if (!singleInstance) app.quit();
const location = singleInstance
  ? resolveDataLocation({ roamingDir, localDir })
  : { dataDir: join(localDir, 'data'), outcome: 'local' as const };
if (location.outcome === 'moveFailed') {
  // The Roaming store stays in use, with the Local State that seals it; the next start retries.
  app.setPath('userData', roamingDir);
  app.setPath('sessionData', roamingDir);
}
let sealKind: 'safe-storage' | 'file' = 'file';
let updates: Updates | null = null;

let window: BrowserWindow | null = null;
let core: UtilityProcess | null = null;
let nextId = 1;
const pending = new Map<number, (result: RpcResult) => void>();
const CORE_GONE: RpcResult = { ok: false, error: { code: 'internal', params: {} } };

/** The core's environment: an installed app's without the e-signature's test switches. */
function coreEnvironment(): NodeJS.ProcessEnv {
  if (!app.isPackaged) return process.env;
  const env = { ...process.env };
  for (const name of Object.values(ESIGN_TEST_SWITCHES)) delete env[name];
  return env;
}

function startCore(): void {
  core = utilityProcess.fork(
    join(DIST, 'core-host.mjs'),
    [
      `--data=${location.dataDir}`,
      `--seal=${sealKind}`,
      // Windows and macOS print through main (webContents.print); Linux keeps CUPS.
      `--print=${process.platform === 'linux' ? 'cups' : 'electron'}`,
    ],
    {
      serviceName: 'Balabaqsha core',
      env: {
        ...coreEnvironment(),
        BALABAQSHA_MIGRATIONS: app.isPackaged
          ? join(RESOURCES, 'migrations')
          : join(RESOURCES, 'db', 'migrations'),
        BALABAQSHA_RESOURCES: join(RESOURCES, 'resources'),
      },
    },
  );
  core.on('message', (message: FromCore) => {
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'seal') {
      // A seal that cannot decrypt answers ok: false: the core says deviceMismatch and the
      // renderer opens the recovery-key screen.
      const { id, operation } = message;
      void answerSealRequest(safeStorage, operation, Buffer.from(message.data, 'base64')).then(
        ({ ok, data }) =>
          core?.postMessage({
            type: 'sealed',
            id,
            ok,
            data: data.toString('base64'),
          } satisfies ToCore),
      );
    } else if (message.type === 'print') {
      void answerPrint(message).then((reply) => core?.postMessage(reply));
    }
  });
  core.on('exit', () => {
    // Whatever was in flight fails with a typed error; the core comes back for the next call.
    for (const resolve of pending.values()) resolve(CORE_GONE);
    pending.clear();
    core = null;
    if (!app.isReady() || BrowserWindow.getAllWindows().length === 0) return;
    startCore();
  });
}

/** The core's print requests: the system's printers, or one PDF printed as one job. */
async function answerPrint(request: Extract<FromCore, { type: 'print' }>): Promise<ToCore> {
  try {
    if (request.operation === 'printers') {
      if (!window) throw new PrintError('printerRefused');
      return {
        type: 'printed',
        id: request.id,
        ok: true,
        printers: await listPrinters(window.webContents),
      };
    }
    const { printer, copies, duplex } = request.options;
    const { jobId } = await printPdf(Buffer.from(request.pdf, 'base64'), {
      printer,
      copies,
      duplex,
    });
    return { type: 'printed', id: request.id, ok: true, jobId };
  } catch (error) {
    const reason = error instanceof PrintError ? error.reason : 'printerRefused';
    return { type: 'printed', id: request.id, ok: false, reason };
  }
}

function invokeCore(method: string, input: unknown): Promise<RpcResult> {
  if (!core) startCore();
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    core!.postMessage({ type: 'invoke', id, method, input } satisfies ToCore);
  });
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'Balabaqsha Desk',
    webPreferences: { ...WEB_PREFERENCES, preload: join(DIST, 'preload.cjs') },
  });
  window.once('ready-to-show', () => window?.show());
  // Nothing navigates away from the app or opens windows; links open in the system browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // A page with unsaved work (the register's marks) holds the window's closing or reloading
  // (beforeunload): ask, as a browser would, instead of silently staying open.
  window.webContents.on('will-prevent-unload', (event) => {
    const labels = MENU_LABELS[menuLanguage(app.getLocale())];
    const answer = dialog.showMessageBoxSync(window!, {
      type: 'question',
      title: labels.unsavedTitle,
      message: labels.unsavedMessage,
      buttons: [labels.leave, labels.stay],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
    if (answer === 0) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(APP_ENTRY);
}

function buildMenu(): void {
  const labels = MENU_LABELS[menuLanguage(app.getLocale())];
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: labels.file, submenu: [{ label: labels.quit, role: 'quit' }] },
      {
        label: labels.view,
        submenu: [
          ...(app.isPackaged ? [] : [{ label: labels.reload, role: 'reload' as const }]),
          { label: labels.fullScreen, role: 'togglefullscreen' },
        ],
      },
      { label: labels.help, submenu: [{ label: labels.about, role: 'about' }] },
    ]),
  );
}

app.on('second-instance', () => {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
});

app.on('web-contents-created', (_, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(async () => {
  // safeStorage answers only once the app is ready; asked once, before the core starts.
  sealKind = (await safeStorageAvailable(safeStorage)) ? 'safe-storage' : 'file';
  // The renderer comes from inside the package, with the strict policy on every response.
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    // A print job's PDF, handed once to the hidden print window that knows its random id.
    const printJob = url.host === APP_HOST ? takePrintJob(url.pathname) : null;
    if (printJob)
      return new Response(new Uint8Array(printJob), {
        headers: {
          'content-type': 'application/pdf',
          'cache-control': 'no-store',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        },
      });
    const file = join(RENDERER, decodeURIComponent(url.pathname));
    // With the separator, so a sibling such as dist/renderer-old is not inside the package's UI.
    if (url.host !== APP_HOST || !file.startsWith(RENDERER + sep))
      return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_, permission) =>
    ALLOWED_PERMISSIONS.has(permission),
  );
  session.defaultSession.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (_, callback) => callback({ cancel: true }),
  );

  ipcMain.handle('balabaqsha:invoke', (event, method: unknown, input: unknown) => {
    // Only the app's own main frame may reach the core.
    const frame = event.senderFrame;
    if (!frame || frame !== window?.webContents.mainFrame || !isAppUrl(frame.url)) return CORE_GONE;
    if (typeof method !== 'string')
      return { ok: false, error: { code: 'unknownMethod', params: {} } } satisfies RpcResult;
    return invokeCore(method, input);
  });

  buildMenu();
  startCore();
  createWindow();
  updates = startUpdates(location.dataDir);
});

app.on('window-all-closed', () => {
  // The window closed past any unsaved-work question; the update installs on this quit only
  // when no sync is running (asked of the core before it stops).
  void syncRunning()
    .then((running) =>
      updates?.decideAtQuit({ syncRunning: running, storeOpen: false, unsavedWork: false }),
    )
    .finally(() => {
      core?.kill();
      app.quit();
    });
});

/** Whether the core is syncing now; false when it is locked, gone or slow to answer. */
async function syncRunning(): Promise<boolean> {
  if (!core || !updates) return false;
  const answer = invokeCore('sync.status', undefined);
  const timeout = new Promise<RpcResult>((resolve) => setTimeout(() => resolve(CORE_GONE), 2000));
  const result = await Promise.race([answer, timeout]);
  return result.ok && (result.value as { running?: boolean }).running === true;
}
