// Types for the `ws` package (8.x, already in the tree through Ink): only what adapters/inspector.ts uses.
declare module 'ws' {
  export default class WebSocket {
    constructor(url: string, options?: { perMessageDeflate?: boolean; maxPayload?: number });
    on(event: 'open', fn: () => void): this;
    on(event: 'message', fn: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
    on(event: 'error', fn: (err: Error) => void): this;
    on(event: 'close', fn: (code: number) => void): this;
    send(data: string): void;
    close(): void;
    terminate(): void;
  }
}
