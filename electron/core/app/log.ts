/**
 * The platform's logger. It takes a fixed event name and a few fields that are never case data
 * (channel names, error codes and classes, schema paths); there is deliberately no way to pass an
 * error message or a value, because those can carry names and notes from the caseload.
 */
export type LogFields = Record<string, string | number | boolean>

export interface Logger {
  warn(event: string, fields?: LogFields): void
}

export const consoleLogger: Logger = {
  warn(event, fields = {}) {
    console.error(`[driftwatch] ${event}`, JSON.stringify(fields))
  },
}

export const silentLogger: Logger = { warn() {} }
