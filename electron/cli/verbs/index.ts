import type { Verb } from '../verb'
import { auditVerb } from './audit'
import { backupVerb } from './backup'
import { demoVerb } from './demo'
import { driftVerb } from './drift'
import { exportVerb } from './export'
import { exportTrackerTemplateVerb } from './export-tracker-template'
import { importVerb } from './import'
import { initVerb } from './init'
import { notesVerb } from './notes'
import { checkVerb } from './check'
import { recoveryCodeVerb } from './recovery-code'
import { resetPassphraseVerb } from './reset-passphrase'
import { salvageVerb } from './salvage'

import { restoreVerb } from './restore'

import { triageVerb } from './triage'

/** Every verb of the command line, in the order `help` lists them. */
export const VERBS: Verb[] = [
  initVerb,
  demoVerb,
  importVerb,
  exportVerb,
  exportTrackerTemplateVerb,
  driftVerb,
  triageVerb,
  notesVerb,
  auditVerb,
  backupVerb,
  restoreVerb,
  checkVerb,
  salvageVerb,
  resetPassphraseVerb,
  recoveryCodeVerb,
]
