/**
 * The browser host's way of handing a file to the user: the core returns the bytes (base64) and the
 * page saves them as a download. (Electron saves through main's own dialog and never gets here.)
 */
export function downloadFile(file: { base64: string; mimeType: string; fileName: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
