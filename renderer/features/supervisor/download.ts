// Saving a file the way a web page can, under a CSP with no inline script: a
// Blob URL on a temporary <a download>. Electron shows its Save dialog for it;
// a browser saves it to Downloads.

/** Saves `csv` as `fileName`. */
export function saveCsv(fileName: string, csv: string): void {
  // A byte-order mark, so Excel (what most supervisors open CSVs with) reads
  // the file as UTF-8 and names like "Zoë" survive. papaparse and our import skip it.
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download reads the Blob after click() returns: release it later, not now.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "calls.csv" → "calls-rejects.csv". */
export function rejectsFileName(source: string): string {
  const base = source.replace(/\.[^./\\]*$/, '') || 'import';
  return `${base}-rejects.csv`;
}
