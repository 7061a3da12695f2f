#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-NBQE7NUZ.js";
import "./chunk-LQJWN2J3.js";
import "./chunk-3KHDYX54.js";
import "./chunk-KVKG6VHU.js";
import "./chunk-HSR55WTX.js";
import "./chunk-HRHYTQPU.js";
import "./chunk-PGBILBON.js";
import "./chunk-WCB6YLIZ.js";
import "./chunk-AH6X3Q5V.js";
import "./chunk-OIKHZEIR.js";
import "./chunk-D6UAKL6N.js";
import "./chunk-XDLZ657D.js";
import "./chunk-M6O6L5N6.js";
import "./chunk-FKCXIPRO.js";
import "./chunk-7ZS5L2HU.js";
import "./chunk-3W3JUPFC.js";
import "./chunk-GG333MKV.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
