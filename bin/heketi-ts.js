#!/usr/bin/env node
// Entry shim: the compiled program lives in dist/ (built by `npm ci` through the prepare script).
import '../dist/main.js';
