// CSV text of a table (RFC 4180: quoted when needed, CRLF line ends), with a byte-order mark so spreadsheet
// programs read the UTF-8 names right.

const cell = (value) => {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? value.join(";") : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** CSV text: a header row of `columns` ([name, (row) => value]) and one line per row. */
export function toCSV(rows, columns) {
  const lines = [columns.map(([name]) => cell(name)).join(",")];
  for (const row of rows) lines.push(columns.map(([, get]) => cell(get(row))).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

export const csvBlob = (text) => new Blob([text], { type: "text/csv;charset=utf-8" });
