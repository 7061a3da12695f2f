#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-VDRXND2I.js";
import "./chunk-FBCNH2T7.js";
import "./chunk-BLGJIBGL.js";
import "./chunk-RPAMSLAP.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-7TZCVJA5.js";
import "./chunk-AYOMFCLU.js";
import "./chunk-BC2ZDWTR.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-VIXGJX22.js";
import "./chunk-XN7HFASC.js";
import "./chunk-NXWRCAZ4.js";
import "./chunk-OFVGABUX.js";
import "./chunk-X63MJRWG.js";
import "./chunk-7QLLLB77.js";
import "./chunk-OMT77EGN.js";
import "./chunk-OJKILWHX.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
