#!/usr/bin/env node
// The healthy demo server: every call is answered and forgotten, so its FDs and memory stay flat.
import { createDemoServer, serveStdio } from './demo-server.js';

await serveStdio(createDemoServer({ name: 'demo-healthy' }));
