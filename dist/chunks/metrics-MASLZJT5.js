#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  expose,
  exposeFile,
  grouping,
  prefixOf,
  push,
  runActive
} from "./chunk-UYUDDDGX.js";
import "./chunk-A6QA2I6D.js";
import "./chunk-T2WGTKV7.js";
import "./chunk-YIKUX76P.js";
import "./chunk-ME6OC5CB.js";
import "./chunk-MZRR4JYV.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  expose,
  exposeFile,
  grouping,
  prefixOf,
  push,
  runActive
};
