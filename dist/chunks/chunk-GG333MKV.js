#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);

// src/core/errors.ts
var EXIT = {
  ok: 0,
  notDone: 1,
  invalidInput: 2,
  infrastructure: 3
};
var UserError = class extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
    this.name = "UserError";
  }
  exitCode;
};
var InputError = class extends UserError {
  constructor(message) {
    super(message, EXIT.invalidInput);
    this.name = "InputError";
  }
};
var LedgerError = class extends UserError {
  constructor(message) {
    super(message, EXIT.infrastructure);
    this.name = "LedgerError";
  }
};

export {
  EXIT,
  UserError,
  InputError,
  LedgerError
};
