/** How the command line shows a new recovery code: once, set apart, with where to keep it. */
export function recoveryCodeNotice(code: string): string {
  return [
    '',
    '  RECOVERY CODE (shown only this once: store it now)',
    '',
    `      ${code}`,
    '',
    '  It opens this caseload if the passphrase is ever forgotten:',
    '      DRIFTWATCH_RECOVERY_CODE=… DRIFTWATCH_NEW_PASSPHRASE=… npm run cli -- reset-passphrase --db FILE',
    "  Keep it where your team keeps such secrets: the authority's password manager, or a sealed",
    "  envelope in the team's safe. Never on this laptop, and never with the passphrase.",
    '',
  ].join('\n')
}
