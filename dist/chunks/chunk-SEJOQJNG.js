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
var SYSTEM_REASONS = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "disk full",
  EFBIG: "file size limit reached",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
  EMFILE: "too many open files"
};
var BAD_PATH = /* @__PURE__ */ new Set(["ENOENT", "ENOTDIR", "EISDIR", "EEXIST", "ENAMETOOLONG", "ELOOP"]);
function fromSystemError(err) {
  const e = err;
  if (typeof e?.code !== "string" || !(e.code in SYSTEM_REASONS) || typeof e.syscall !== "string") return void 0;
  const where = typeof e.path === "string" ? ` ${e.path}${typeof e.dest === "string" ? ` -> ${e.dest}` : ""}` : "";
  return new UserError(`cannot ${e.syscall}${where}: ${SYSTEM_REASONS[e.code]} (${e.code})`, BAD_PATH.has(e.code) ? EXIT.invalidInput : EXIT.infrastructure);
}

export {
  EXIT,
  UserError,
  InputError,
  LedgerError,
  SYSTEM_REASONS,
  fromSystemError
};
