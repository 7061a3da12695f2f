#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-XZWTRHX7.js";
import "./chunk-N6E3S4W6.js";
import "./chunk-3BRDOVOX.js";
import "./chunk-3KHDYX54.js";
import "./chunk-FW65243S.js";
import "./chunk-DIR7WOEJ.js";
import "./chunk-CU3LZRSN.js";
import "./chunk-CVZYENJN.js";
import "./chunk-RGGULU5O.js";
import "./chunk-OTXYH24T.js";
import "./chunk-N4DOBFXX.js";
import "./chunk-7WPTRP6A.js";
import "./chunk-KTRJTRVU.js";
import "./chunk-JBKRB6X3.js";
import "./chunk-Y4HUDWBT.js";
import "./chunk-EEZ32SLD.js";
import "./chunk-IEJXYGDK.js";
import "./chunk-YGU3TUDF.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
