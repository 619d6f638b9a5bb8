import { fromDayNumber, type CivilDate } from '../../../../shared/civil-date'
import type { CaseloadSink, ElementOf, ListName } from '../../caseload/lists'
import { LIST_NAMES } from '../../caseload/lists'

/** Counts what is sent to the sink, and formats each day number once (most days recur thousands of times). */
export class Emitter {
  readonly counts = Object.fromEntries(LIST_NAMES.map((l) => [l, 0])) as Record<ListName, number>
  private readonly dates = new Map<number, string>()
  constructor(private readonly sink: CaseloadSink) {}
  add<L extends ListName>(list: L, element: ElementOf<L>): void {
    this.counts[list]++
    this.sink.add(list, element)
  }
  date(day: number): CivilDate {
    let s = this.dates.get(day)
    if (s === undefined) {
      s = fromDayNumber(day)
      this.dates.set(day, s)
    }
    return s
  }
}
