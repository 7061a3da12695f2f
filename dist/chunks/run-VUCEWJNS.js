#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-R3EHMPB6.js";
import "./chunk-FBCNH2T7.js";
import "./chunk-BLGJIBGL.js";
import "./chunk-RPAMSLAP.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-GCNDKR7H.js";
import "./chunk-WKITZYTJ.js";
import "./chunk-AUTZJ3X7.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-I36PYRGC.js";
import "./chunk-GY4HR5RW.js";
import "./chunk-NXWRCAZ4.js";
import "./chunk-OFVGABUX.js";
import "./chunk-X63MJRWG.js";
import "./chunk-7QLLLB77.js";
import "./chunk-ISMSOBED.js";
import "./chunk-OJKILWHX.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
