#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-446BVT6I.js";
import "./chunk-3NTQK6AR.js";
import "./chunk-3KHDYX54.js";
import "./chunk-FW65243S.js";
import "./chunk-HSR55WTX.js";
import "./chunk-WQROU7UN.js";
import "./chunk-PGBILBON.js";
import "./chunk-WCB6YLIZ.js";
import "./chunk-OZBJSY3P.js";
import "./chunk-HK5G3ZV2.js";
import "./chunk-D6UAKL6N.js";
import "./chunk-OAIUTHKF.js";
import "./chunk-M6O6L5N6.js";
import "./chunk-FKCXIPRO.js";
import "./chunk-7ZS5L2HU.js";
import "./chunk-A66JUKEX.js";
import "./chunk-GG333MKV.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
