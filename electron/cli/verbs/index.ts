import type { Verb } from '../verb'
import { auditVerb } from './audit'
import { demoVerb } from './demo'
import { driftVerb } from './drift'
import { exportVerb } from './export'
import { importVerb } from './import'
import { initVerb } from './init'
import { notesVerb } from './notes'
import { checkVerb } from './check'
import { recoveryCodeVerb } from './recovery-code'
import { resetPassphraseVerb } from './reset-passphrase'
import { salvageVerb } from './salvage'

/** Every verb of the command line, in the order `help` lists them. */
export const VERBS: Verb[] = [initVerb, demoVerb, importVerb, exportVerb, driftVerb, notesVerb, auditVerb, checkVerb, salvageVerb, resetPassphraseVerb, recoveryCodeVerb]
