/** Saves text or a data URL as a file in the browser (a temporary `<a download>`). */
export function downloadFile(name: string, content: string, type: string): void {
  const href = content.startsWith("data:") ? content : URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (!content.startsWith("data:")) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
