// `mcptop report <file>`: the offline re-analysis, on the process's own streams.
import { runReport } from '../report.js';

export function runReportCommand(argv: readonly string[]): Promise<number> {
  return runReport([...argv], { stdout: process.stdout, stderr: process.stderr });
}
