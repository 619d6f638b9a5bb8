import { RULE_GROUPS, type GroupCount, type StatusCount } from '../../../shared/rule-groups'
import { plural } from '../labels'
import type { Navigate } from '../nav'

/**
 * One tile per rule group (shared/rule-groups.ts), counted by the core from the same findings as the
 * chart beside it. The big number is the children with something to act on now (an overdue or a
 * flagged finding of the group); overdue, flagged and due-soon findings are then counted apart.
 */
export function GroupTiles({ groups, navigate }: { groups: readonly GroupCount[]; navigate: Navigate }) {
  return (
    <section aria-labelledby="tiles-heading">
      <h2 id="tiles-heading" className="visually-hidden">
        Headline counts by kind of finding
      </h2>
      <ul className="tiles group-tiles">
        {groups.map((g) => (
          <li key={g.key}>
            <Tile group={g} onOpen={(status) => navigate.toTable({ findings: status ? `group:${g.key}:${status}` : `group:${g.key}` })} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function Tile({ group: g, onOpen }: { group: GroupCount; onOpen(status?: 'due-soon'): void }) {
  const def = RULE_GROUPS[g.key]
  const level = g.childrenNow === 0 ? 'calm' : g.high > 0 ? 'high' : 'some'
  return (
    <div className={`tile tile-${level}`} data-tile={g.key} data-overdue={g.overdue.findings} data-flag={g.flag.findings} data-due-soon={g['due-soon'].findings} data-children={g.childrenNow}>
      <button type="button" className="tile-main" onClick={() => onOpen()} aria-describedby={`tile-${g.key}-explain`}>
        <span className="tile-title">{def.title}</span>
        <span className="tile-count">{g.childrenNow.toLocaleString('en-GB')}</span>
        <span className="tile-unit">{g.childrenNow === 1 ? 'child to act on' : 'children to act on'}</span>
      </button>
      <p className="tile-split">
        <span className="tile-overdue">{plural(g.overdue.findings, 'overdue finding')}</span> ·{' '}
        <span className="tile-flag">{g.flag.findings.toLocaleString('en-GB')} flagged</span>
        {g.high > 0 && <span className="tile-high"> · {g.high.toLocaleString('en-GB')} high</span>}
      </p>
      <p id={`tile-${g.key}-explain`} className="tile-explain">
        {def.explain}
      </p>
      {g['due-soon'].findings > 0 ? (
        <button type="button" className="link-button tile-due-soon" onClick={() => onOpen('due-soon')}>
          Due soon, not yet overdue: {dueSoonWords(g['due-soon'])}
        </button>
      ) : (
        <p className="tile-due-soon muted">Nothing due soon</p>
      )}
    </div>
  )
}

/**
 * The due-soon link opens the table of those children, which counts children: so the link counts
 * children too, and names the findings only when there are more of them (two actions due soon for one
 * child, a child with two plans). It said the findings alone, and "6" opened "Showing 5 children".
 */
export function dueSoonWords(c: StatusCount): string {
  const children = plural(c.children, 'child', 'children')
  return c.findings === c.children ? children : `${children} (${plural(c.findings, 'finding')})`
}
