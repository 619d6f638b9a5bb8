import type { Verb } from '../verb'
import { demoVerb } from './demo'
import { driftVerb } from './drift'
import { exportVerb } from './export'
import { importVerb } from './import'
import { initVerb } from './init'

/** Every verb of the command line, in the order `help` lists them. */
export const VERBS: Verb[] = [initVerb, demoVerb, importVerb, exportVerb, driftVerb]
