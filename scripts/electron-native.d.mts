export function builtForAbi(file: string, abi: string): boolean
export function ensureElectronNative(): string
