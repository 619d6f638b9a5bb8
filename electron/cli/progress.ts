import type { OnBackupStep } from '../core/backup/create-backup'
import type { Progress } from './verb'

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise (so logs
 * and CI stay short). stdout is left alone for the verb's output.
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, label: string, total: number): Progress {
  const tty = Boolean(stream.isTTY)
  const started = Date.now()
  let lastDraw = 0
  let lastDecile = -1
  return {
    tick(done) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1
      if (tty) {
        const now = Date.now()
        if (now - lastDraw < 80 && done < total) return
        lastDraw = now
        const width = 30
        const filled = Math.round(fraction * width)
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`)
      } else {
        // Off a terminal (logs, CI) only long jobs report, once per tenth.
        const decile = Math.floor(fraction * 10)
        if (decile !== lastDecile && Date.now() - started > 1000) {
          lastDecile = decile
          stream.write(`${label}: ${decile * 10}%\n`)
        }
      }
    },
    done(message) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      if (tty) stream.write('\r\x1b[K')
      stream.write(`${label}: ${message ?? 'done'} (${seconds} s)\n`)
    },
  }
}

/** On a terminal, the step a backup or a restore is in, redrawn in place (nothing off a terminal: logs stay short). */
export function stepsOnTerminal(stream: NodeJS.WritableStream & { isTTY?: boolean }): OnBackupStep | undefined {
  if (!stream.isTTY) return undefined
  let last = 0
  let label = ''
  return (step) => {
    const now = Date.now()
    if (step.label === label && now - last < 200) return
    label = step.label
    last = now
    const part = step.total > 0 ? ` ${Math.floor((step.done / step.total) * 100)}%` : ''
    stream.write(`\r\x1b[K${step.label}…${part}`)
  }
}
