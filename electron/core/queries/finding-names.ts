/**
 * Names for the drift findings' sentences (drift/rules/names.ts): an action's description and owner,
 * a professional's name and agency, who raised a disagreement. Looked up one id at a time and only
 * for findings that need them (a few per plan at most), each remembered for the rest of the scan.
 */
import type Database from 'better-sqlite3'
import type { Caseload } from '../../../shared/caseload-format'
import type { FindingNames } from '../drift/rules/names'
import { prepared } from './prepared'

function memo<T>(lookup: (id: string) => T | null): (id: string) => T | null {
  const seen = new Map<string, T | null>()
  return (id) => {
    let v = seen.get(id)
    if (v === undefined) {
      v = lookup(id)
      seen.set(id, v)
    }
    return v
  }
}

export function databaseNames(sqlite: Database.Database): FindingNames {
  return {
    action: memo((id) => (prepared(sqlite, 'SELECT description, owner_id AS ownerId FROM actions WHERE id = ?').get(id) as { description: string; ownerId: string | null } | undefined) ?? null),
    professional: memo((id) => (prepared(sqlite, 'SELECT name, agency FROM professionals WHERE id = ?').get(id) as { name: string; agency: string } | undefined) ?? null),
    disagreement: memo((id) => (prepared(sqlite, 'SELECT raised_by_id AS raisedById FROM disagreements WHERE id = ?').get(id) as { raisedById: string } | undefined) ?? null),
  }
}

export function documentNames(doc: Caseload): FindingNames {
  const actions = new Map(doc.actions.map((a) => [a.id, { description: a.description, ownerId: a.ownerId ?? null }]))
  const professionals = new Map(doc.professionals.map((p) => [p.id, { name: p.name, agency: p.agency }]))
  const disagreements = new Map(doc.disagreements.map((d) => [d.id, { raisedById: d.raisedById }]))
  return {
    action: (id) => actions.get(id) ?? null,
    professional: (id) => professionals.get(id) ?? null,
    disagreement: (id) => disagreements.get(id) ?? null,
  }
}
