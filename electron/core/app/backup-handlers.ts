/**
 * The handlers of the backup channels, spread into `createHandlers`. Restoring asks for the
 * passphrase that was in use when the backup was made; the backup is checked in full while the
 * caseload stays open, and only then is the caseload closed (with a backup of it as it stands,
 * so a restore can itself be undone), replaced and opened again.
 */
import type { Handlers } from './handlers'
import type { Session } from './session'
import type { HostCapabilities } from './supervision-handlers'
import type { BackupService } from './backup-service'
import { restoreBackup } from '../backup/restore-backup'
import { readKeyFile, unwrapDataKey } from '../db/key-file'
import { withWriterLockAsync } from '../db/writer-lock'
import { logAccess } from '../queries/access-log'
import { backupJobs } from './backup-jobs'

type BackupChannel = 'backup:status' | 'backup:now' | 'backup:cancel' | 'backup:set-folder' | 'backup:restore'

export function backupHandlers(session: Session, backups: BackupService, host: HostCapabilities, nativeBinding?: string): Pick<Handlers, BackupChannel> {
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
    'backup:restore': async ({ file, passphrase }) => {
      const from = backups.fileInFolder(file)
      session.database()
      // A backup running in its own thread is cancelled first; the restore makes its own backup.
      await backupJobs(backups).cancel()
      const release = backups.spare(file)
      try {
        // Another program (the command line's import, say) must not write while the caseload is
        // replaced under it; refused at once, with the sentence naming it, if one is writing now.
        await withWriterLockAsync(session.path, { purpose: 'a restore' }, () =>
          restoreBackup({
            from,
            dbPath: session.path,
            replace: true,
            unlockKey: (withKey) => unwrapDataKey(readKeyFile(withKey), passphrase),
            // Into the restored caseload, by whoever is using the one it replaces.
            record: (db) => logAccess(db, { event: 'restore', actor: session.actor(), fileName: file }),
            beforeSwap: () => session.closeNow('restore'),
            ...(nativeBinding ? { nativeBinding } : {}),
          }),
        )
      } finally {
        release()
      }
      return session.unlock(passphrase)
    },
  }
}
