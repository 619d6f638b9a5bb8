import { exportCaseloadFile } from '../../electron/core/caseload/export'
import { loadDemoCaseload } from '../../electron/core/demo/load'
import { tempCaseload } from './temp-db'

/** A demo caseload exported by the app to `path`: an interchange document as an authority would import it. */
export async function exportedDemoDocument(path: string, demo: { children: number; seed: number; asOf: string }): Promise<void> {
  const source = await tempCaseload()
  try {
    loadDemoCaseload(source.db, demo)
    exportCaseloadFile(source.db, path)
  } finally {
    source.cleanup()
  }
}
