#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-QZPCLB5N.js";
import "./chunk-FBCNH2T7.js";
import "./chunk-BLGJIBGL.js";
import "./chunk-NLHLSNHK.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-DQRN3IF3.js";
import "./chunk-ZY6HPE5R.js";
import "./chunk-ULKFFIMU.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-6OAYB7LG.js";
import "./chunk-LYJV2QPS.js";
import "./chunk-NMK5SGWU.js";
import "./chunk-OQWVTOQ2.js";
import "./chunk-7QLLLB77.js";
import "./chunk-OEKTXWSY.js";
import "./chunk-2VRE7C5L.js";
import "./chunk-LHVJF6DF.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
