/** A column of {@link renderTable}. */
export interface Column {
  header: string;
  /** Numbers read best right-aligned. @default 'left' */
  align?: 'left' | 'right';
}

/**
 * A plain-text table: a header, a rule, rows; columns two spaces apart and as wide as their
 * widest cell. No colours and no box drawing, so it pastes cleanly into issues and logs.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(width(column.header), ...rows.map((row) => width(row[index] ?? ''))));
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const pad = ' '.repeat(widths[index]! - width(cell));
        return column.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), widths.map((size) => '-'.repeat(size)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: code points, so `°` and `└` count as one. */
function width(text: string): number {
  return [...text].length;
}
