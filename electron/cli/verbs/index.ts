import type { Verb } from '../verb'
import { auditVerb } from './audit'
import { demoVerb } from './demo'
import { driftVerb } from './drift'
import { exportVerb } from './export'
import { importVerb } from './import'
import { initVerb } from './init'
import { notesVerb } from './notes'
import { triageVerb } from './triage'

/** Every verb of the command line, in the order `help` lists them. */
export const VERBS: Verb[] = [initVerb, demoVerb, importVerb, exportVerb, driftVerb, triageVerb, notesVerb, auditVerb]
