#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-ILJI23EM.js";
import "./chunk-FBCNH2T7.js";
import "./chunk-BLGJIBGL.js";
import "./chunk-USKYTCEY.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-MFWFQQTX.js";
import "./chunk-ZY6HPE5R.js";
import "./chunk-G7HKW6MR.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-JWINXRL4.js";
import "./chunk-LYJV2QPS.js";
import "./chunk-BA6OEU6I.js";
import "./chunk-6ONVCTDT.js";
import "./chunk-7QLLLB77.js";
import "./chunk-VAQJL5D4.js";
import "./chunk-H44CRUAD.js";
import "./chunk-LHVJF6DF.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
