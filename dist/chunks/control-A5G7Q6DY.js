#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-6CFMGQW4.js";
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
  controlCommand
};
