/**
 * The recovery code: 30 random Crockford base32 characters (150 bits), shown in six groups of five
 * (`7K3QZ-…`). It wraps the data key a second time in the key file, so a forgotten passphrase is not
 * a lost caseload.
 *
 * Crockford's alphabet leaves out I, L, O and U, so a code read aloud or copied by hand from a sealed
 * envelope cannot be misread: on input, I and L are read as 1, O as 0, lower case as upper case, and
 * spaces and hyphens are ignored.
 */
import { randomBytes } from 'node:crypto'
import { DriftwatchError } from '../../../shared/errors'

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RECOVERY_CODE_LENGTH = 30
const GROUP = 5

/** A new random code, grouped for reading (`XXXXX-XXXXX-…`). */
export function newRecoveryCode(): string {
  // 32 symbols: one random byte's low 5 bits each is exactly uniform.
  const bytes = randomBytes(RECOVERY_CODE_LENGTH)
  let out = ''
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) {
    if (i > 0 && i % GROUP === 0) out += '-'
    out += ALPHABET[bytes[i]! & 31]
  }
  bytes.fill(0)
  return out
}

/**
 * The code's 30 symbols as ASCII bytes, whatever way it was typed. The caller zeroes the buffer
 * after deriving the key from it. BAD_INPUT when it is not a recovery code at all (a typo in one
 * symbol is only found by the key file: WRONG_RECOVERY_CODE).
 */
export function recoveryCodeBytes(typed: string): Buffer {
  const out = Buffer.alloc(RECOVERY_CODE_LENGTH)
  let n = 0
  for (const raw of typed.toUpperCase()) {
    if (raw === ' ' || raw === '-' || raw === '\t' || raw === '\n' || raw === '\r') continue
    const ch = raw === 'I' || raw === 'L' ? '1' : raw === 'O' ? '0' : raw
    const index = ALPHABET.indexOf(ch)
    if (index < 0 || n >= RECOVERY_CODE_LENGTH) {
      out.fill(0)
      throw new DriftwatchError(
        'BAD_INPUT',
        `That is not a recovery code. A recovery code has ${RECOVERY_CODE_LENGTH} letters and digits in groups of five, such as 7K3QZ-M9D2P-….`,
        [{ path: 'recoveryCode', reason: index < 0 ? `contains "${raw}", which is never part of a recovery code` : 'is too long' }],
      )
    }
    out[n++] = ALPHABET.charCodeAt(index)
  }
  if (n !== RECOVERY_CODE_LENGTH) {
    out.fill(0)
    throw new DriftwatchError(
      'BAD_INPUT',
      `That is not a recovery code: it has ${n} letters and digits, and a recovery code has ${RECOVERY_CODE_LENGTH}.`,
      [{ path: 'recoveryCode', reason: `has ${n} of ${RECOVERY_CODE_LENGTH} characters` }],
    )
  }
  return out
}
