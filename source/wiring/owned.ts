// A stack of things mcptop started (servers, timers, listeners, endpoints), ended in reverse order exactly once.
import { errorText } from '../core/notices.js';

export type Disposer = () => void | Promise<void>;

export class Owned {
  private readonly stack: { readonly what: string; readonly dispose: Disposer }[] = [];
  private disposing: Promise<string[]> | undefined;

  /** Register something to end at teardown; returns a function that ends it now (and unregisters it). */
  add(what: string, dispose: Disposer): () => Promise<void> {
    const entry = { what, dispose };
    this.stack.push(entry);
    return async () => {
      const i = this.stack.indexOf(entry);
      if (i === -1) return;
      this.stack.splice(i, 1);
      await entry.dispose();
    };
  }

  /** End everything, newest first; failures are collected, never thrown, so one stuck part cannot keep others alive. */
  disposeAll(): Promise<string[]> {
    this.disposing ??= (async () => {
      const problems: string[] = [];
      while (this.stack.length > 0) {
        const entry = this.stack.pop();
        if (entry === undefined) break;
        try {
          await entry.dispose();
        } catch (error) {
          problems.push(`${entry.what}: ${errorText(error)}`);
        }
      }
      return problems;
    })();
    return this.disposing;
  }
}
