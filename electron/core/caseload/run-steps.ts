/**
 * Runs a stepwise job (a generator that yields at its pause points) on the event loop without
 * holding it: after `sliceMs` of work it lets other callbacks run (setImmediate), so a status
 * request or a cancel is answered within about that long. A cancel (`signal`) ends the job with
 * ImportCancelled at its next pause; the generator is closed (its `finally` blocks run) on any end.
 */
export class ImportCancelled extends Error {
  override readonly name = 'AbortError'
  constructor() {
    super('The import was cancelled; nothing has been imported.')
  }
}

export interface StepOptions {
  signal?: AbortSignal | undefined
  /** The longest stretch of work between two turns of the event loop (default 100 ms). */
  sliceMs?: number | undefined
  /** Checked after each turn of the event loop: throws if the job may not go on. */
  afterPause?: () => void
}

export async function runSteps<T>(steps: Generator<void, T, void>, options: StepOptions = {}): Promise<T> {
  const { signal, sliceMs = 100, afterPause } = options
  try {
    let sliceStart = performance.now()
    for (;;) {
      const step = steps.next()
      if (step.done) return step.value
      if (performance.now() - sliceStart < sliceMs) continue
      await new Promise((resolve) => setImmediate(resolve))
      if (signal?.aborted) throw new ImportCancelled()
      afterPause?.()
      sliceStart = performance.now()
    }
  } finally {
    steps.return(undefined as never)
  }
}
