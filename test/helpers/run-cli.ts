/** The command line in this process, as `npm run cli` runs it, with what it wrote captured. */
import { runCli } from '../../electron/cli/main'
import { captureStream } from './capture'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `args` with DRIFTWATCH_PASSPHRASE set to `passphrase` (null: unset), then puts the variable
 * back as it was.
 */
export async function runCliWith(args: string[], passphrase: string | null): Promise<CliRun> {
  const previous = process.env.DRIFTWATCH_PASSPHRASE
  if (passphrase === null) delete process.env.DRIFTWATCH_PASSPHRASE
  else process.env.DRIFTWATCH_PASSPHRASE = passphrase
  const out = captureStream()
  const err = captureStream()
  try {
    const code = await runCli(args, { stdout: out.stream, stderr: err.stream })
    return { code, stdout: out.text(), stderr: err.text() }
  } finally {
    if (previous === undefined) delete process.env.DRIFTWATCH_PASSPHRASE
    else process.env.DRIFTWATCH_PASSPHRASE = previous
  }
}
