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
} from "./chunk-52QBW2LG.js";
import "./chunk-A6QA2I6D.js";
import "./chunk-DK63KK2Z.js";
import "./chunk-YIKUX76P.js";
import "./chunk-3P25YVYL.js";
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
