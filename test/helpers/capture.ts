import { Writable } from 'node:stream'

/** A writable stream that keeps what is written, for checking a verb's stdout and stderr. */
export function captureStream(): { stream: Writable; text: () => string } {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk)
      cb()
    },
  })
  return { stream, text: () => text }
}
