/**
 * The handlers of the backup channels, spread into `createHandlers`. Restoring asks for the
 * passphrase that was in use when the backup was made; the backup is checked in full while the
 * caseload stays open (read-only), then backed up as it stands (so a restore can itself be undone),
 * and only then is the caseload closed, replaced and opened again (app/backup-jobs.ts `restore`).
 */
import type { Handlers } from './handlers'
import type { Session } from './session'
import type { HostCapabilities } from './supervision-handlers'
import type { BackupService } from './backup-service'
import { backupJobs } from './backup-jobs'

type BackupChannel = 'backup:status' | 'backup:now' | 'backup:cancel' | 'backup:set-folder' | 'backup:restore'

export function backupHandlers(session: Session, backups: BackupService, host: HostCapabilities): Pick<Handlers, BackupChannel> {
  const status = () => ({ ...backups.status(), canChooseFolder: host.chooseFolder !== undefined })
  return {
    'backup:status': () => status(),
    // Returns at once with the job running (in its own thread, app/backup-jobs.ts); the page follows
    // it with backup:status. A second one while one runs is refused with a sentence (BUSY).
    'backup:now': () => {
      backupJobs(backups).start(session, 'manual')
      return status()
    },
    'backup:cancel': async () => {
      await backupJobs(backups).cancel()
      return status()
    },
    'backup:set-folder': async ({ folder }) => {
      if (host.chooseFolder) {
        const chosen = await host.chooseFolder(backups.folder())
        if (chosen) backups.setFolder(chosen)
        return status()
      }
      if (folder === undefined) return status()
      backups.setFolder(folder)
      return status()
    },
    // Answers when the restore has ended: the page follows its steps meanwhile with backup:status
    // (the core answers it: the long steps run in threads) and can cancel it with backup:cancel.
    'backup:restore': async ({ file, passphrase }) => {
      const from = backups.fileInFolder(file)
      session.database()
      // A backup running in its own thread is cancelled first; the restore makes its own backup.
      await backupJobs(backups).cancel()
      const replaced = await backupJobs(backups).restore(session, { from, file, passphrase })
      // Cancelled: the caseload as it was (or locked, when closing it was what cancelled the restore).
      return replaced ? session.reopenAfterRestore(passphrase) : session.status()
    },
  }
}
