// Terminal columns and rows, updated on resize; 80x24 when the stream does not say (pipes, test streams).
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

const read = (s: { columns?: number; rows?: number }): TerminalSize => ({
  columns: s.columns && s.columns > 0 ? s.columns : 80,
  rows: s.rows && s.rows > 0 ? s.rows : 24,
});

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = (): void => setSize((prev) => {
      const next = read(stdout);
      return next.columns === prev.columns && next.rows === prev.rows ? prev : next;
    });
    stdout.on('resize', onResize);
    onResize();
    return () => { stdout.off('resize', onResize); };
  }, [stdout]);
  return size;
}
