/**
 * The passphrase rules, the same for the app's forms, the IPC contract, the core and the command
 * line: at least 8 characters (the strength hint in the app nudges towards more), at most 1024.
 */
export const PASSPHRASE_MIN_LENGTH = 8
export const PASSPHRASE_MAX_LENGTH = 1024

/** Why a new passphrase is refused, in a chair's words; null when it is acceptable. */
export function passphraseProblem(passphrase: string): string | null {
  if (passphrase.length < PASSPHRASE_MIN_LENGTH) {
    return `The passphrase needs at least ${PASSPHRASE_MIN_LENGTH} characters. A few unrelated words make a strong one.`
  }
  if (passphrase.length > PASSPHRASE_MAX_LENGTH) return `The passphrase can have at most ${PASSPHRASE_MAX_LENGTH} characters.`
  if (passphrase.trim().length === 0) return 'The passphrase cannot be only spaces.'
  return null
}
