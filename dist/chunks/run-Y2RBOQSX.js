#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-MPF4PU7Q.js";
import "./chunk-6JHEI5I5.js";
import "./chunk-A6QA2I6D.js";
import "./chunk-BLGJIBGL.js";
import "./chunk-3KHDYX54.js";
import "./chunk-H7TUOWLD.js";
import "./chunk-SAGUHREA.js";
import "./chunk-AUS3JDBH.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-7CECYKDC.js";
import "./chunk-QDE5TGGD.js";
import "./chunk-ECGUTV76.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-HY5TBQHP.js";
import "./chunk-ZN7MCHOP.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-ZAKQYWGQ.js";
import "./chunk-QR5PRNBG.js";
import "./chunk-YPUF3TYO.js";
import "./chunk-4YHV32KH.js";
import "./chunk-S233Y3L6.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
