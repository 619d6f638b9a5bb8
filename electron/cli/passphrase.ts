/**
 * The passphrase comes from DRIFTWATCH_PASSPHRASE or a hidden prompt on the terminal, never from an
 * argument (arguments are visible to every user of the machine in the process list).
 */
import { DriftwatchError } from '../../shared/errors'

export async function readPassphrase(prompt = 'Passphrase: '): Promise<string> {
  const fromEnv = process.env.DRIFTWATCH_PASSPHRASE
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const stdin = process.stdin
  if (!stdin.isTTY) {
    throw new DriftwatchError('BAD_INPUT', 'No passphrase: set DRIFTWATCH_PASSPHRASE or run in a terminal to be asked for it.')
  }
  process.stderr.write(prompt)
  return new Promise((resolve, reject) => {
    let value = ''
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const finish = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.removeListener('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish()
        if (ch === '\u0003') return finish(new DriftwatchError('BAD_INPUT', 'Cancelled.'))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}
