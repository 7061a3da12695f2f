#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-HHQ6XE5Z.js";
import "./chunk-2IGE737Q.js";
import "./chunk-A6QA2I6D.js";
import "./chunk-CQYOEVSW.js";
import "./chunk-LZDKWE5G.js";
import "./chunk-3KHDYX54.js";
import "./chunk-E7QZ4CUE.js";
import "./chunk-PMJZW5VA.js";
import "./chunk-XOOOFMAH.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-O2V2YLCK.js";
import "./chunk-OO7USKIZ.js";
import "./chunk-AR5JHSEW.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-MBAPZESI.js";
import "./chunk-FN7XI5KH.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-YIKUX76P.js";
import "./chunk-7NRFI5P7.js";
import "./chunk-WK4NYYVY.js";
import "./chunk-3P25YVYL.js";
import "./chunk-S233Y3L6.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
