/**
 * Electron main process entry (built to out/main/index.js). Deliberately small: it wires the
 * host-independent core (electron/core/app) to Electron's window, protocol, IPC and power events.
 * Everything that can be tested without Electron lives elsewhere.
 */
import { join } from 'node:path'
import { app, BrowserWindow, clipboard, dialog, ipcMain, powerMonitor } from 'electron'
import { startCoreWorker } from '../core/worker/core-client'
import { registerIpc } from './ipc'
import { printPdf } from './print-pdf'
import { handleAppProtocol, registerAppScheme } from './protocol'
import { applyAppSecurity } from './security'
import { startIdleLock } from './idle-lock'
import { createMainWindow } from './window'
import { nativeBindingFor } from './native-binding'

const SAVE_FILTERS = { docx: 'Word document', pdf: 'PDF', txt: 'Plain text', csv: 'CSV (spreadsheet)' } as const
/** The Import screen's sources: what main's open dialog asks for (the renderer never gives a path). */
const IMPORT_DIALOGS = {
  ssd: { title: 'Choose the folder of the SSD extract', directory: true, filters: [] },
  'annex-a': { title: 'Choose the Annex A return (List 7)', directory: false, filters: [{ name: 'Annex A (CSV or Excel)', extensions: ['csv', 'xlsx'] }] },
  tracker: { title: 'Choose the core-group tracker', directory: false, filters: [{ name: 'CSV', extensions: ['csv'] }] },
  json: { title: 'Choose a Driftwatch caseload file', directory: false, filters: [{ name: 'Driftwatch caseload (JSON)', extensions: ['json'] }] },
} as const

// Must happen before `ready`.
registerAppScheme()
// Driftwatch serves English local authorities: native date inputs show dd/mm/yyyy whatever the
// operating system's language.
app.commandLine.appendSwitch('lang', 'en-GB')

if (!app.requestSingleInstanceLock()) {
  // Two processes must never write the same caseload.
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  const nativeBinding = nativeBindingFor(process.env, app.isPackaged)
  // The database, scans, imports, exports and backups run in the core's worker thread
  // (out/main/core-worker.js); this thread keeps the windows, dialogs and IPC, and never loads the
  // database driver.
  const core = startCoreWorker({
    dbPath: join(app.getPath('userData'), 'caseload.db'),
    lockProgram: 'Driftwatch',
    // The start script builds an Electron-ABI copy of the database driver and names it here.
    // Honoured only when not packaged (native-binding.ts).
    ...(nativeBinding ? { nativeBinding } : {}),
    host: {
      // Exports: nothing is written without the user choosing where (the core never imports electron).
      chooseSavePath: async ({ suggestedName, format }) => {
        const options = {
          title: 'Save the export (OFFICIAL-SENSITIVE, not encrypted)',
          defaultPath: join(app.getPath('documents'), suggestedName),
          filters: [{ name: SAVE_FILTERS[format], extensions: [format] }],
        }
        const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options)
        return r.canceled || !r.filePath ? null : r.filePath
      },
      // Imports: main's own dialog; the core keeps the path behind a handle, in this process.
      chooseImportSource: async (source) => {
        const d = IMPORT_DIALOGS[source]
        const options = {
          title: d.title,
          defaultPath: app.getPath('documents'),
          properties: [d.directory ? ('openDirectory' as const) : ('openFile' as const)],
          filters: d.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
        }
        const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
        return r.canceled || !r.filePaths[0] ? null : r.filePaths[0]
      },
      chooseCsvSavePath: async (suggestedName) => {
        const options = {
          title: 'Save the tracker template (OFFICIAL-SENSITIVE, not encrypted)',
          defaultPath: join(app.getPath('documents'), suggestedName),
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        }
        const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options)
        return r.canceled || !r.filePath ? null : r.filePath
      },
      // The sandboxed page has no clipboard permission (every permission is denied): main copies.
      writeClipboard: (text) => clipboard.writeText(text),
      // PDF exports through Chromium's print engine, in a hidden locked-down window (pdf-lib elsewhere).
      printPdf,
      // The backup folder: chosen in main's own dialog, never a path typed into the page.
      chooseFolder: async (current) => {
        const options = {
          title: 'Choose the folder for automatic backups (best on another disk or a network drive)',
          defaultPath: current,
          properties: ['openDirectory' as const, 'createDirectory' as const],
        }
        const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
        return r.canceled || !r.filePaths[0] ? null : r.filePaths[0]
      },
    },
  })

  const openWindow = () => {
    mainWindow = createMainWindow({ preloadPath: join(__dirname, '../preload/index.cjs'), isPackaged: app.isPackaged })
    mainWindow.on('closed', () => {
      mainWindow = null
    })
  }

  /** Close the caseload and reload the page so no case data stays in the renderer either. */
  const lockNow = (why: 'lock' | 'suspend' = 'lock') => {
    if (!core.isUnlocked()) return
    // On lock an automatic backup is made first; not when the computer is going to sleep.
    void core.close(why).then(() => mainWindow?.webContents.reload())
  }

  applyAppSecurity()

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.whenReady().then(
    () => {
      handleAppProtocol(join(__dirname, '../renderer'))
      registerIpc(ipcMain, core.request, () => mainWindow)
      powerMonitor.on('suspend', () => lockNow('suspend'))
      powerMonitor.on('lock-screen', () => lockNow('lock'))
      startIdleLock({ idleSeconds: () => powerMonitor.getSystemIdleTime(), lock: () => lockNow('lock') })
      openWindow()
      app.on('activate', () => {
        if (!mainWindow) openWindow()
      })
    },
    () => app.quit(),
  )

  // Quitting makes an automatic backup before the caseload closes: quitting waits for the core's
  // worker to close the caseload (and make that backup), then ends it.
  let coreStopped = false
  let stopping: Promise<void> | null = null
  const stopCoreThenQuit = () => {
    stopping ??= core.stop().finally(() => {
      coreStopped = true
      app.quit()
    })
  }
  app.on('window-all-closed', () => {
    if (!coreStopped) stopCoreThenQuit()
    else app.quit()
  })
  app.on('before-quit', (event) => {
    if (coreStopped) return
    event.preventDefault()
    stopCoreThenQuit()
  })
}
