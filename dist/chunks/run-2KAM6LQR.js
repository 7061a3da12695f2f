#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-DAOMTVNF.js";
import "./chunk-EMXJGL74.js";
import "./chunk-3BRDOVOX.js";
import "./chunk-3KHDYX54.js";
import "./chunk-FW65243S.js";
import "./chunk-HSR55WTX.js";
import "./chunk-SKDQORPX.js";
import "./chunk-CVZYENJN.js";
import "./chunk-RGGULU5O.js";
import "./chunk-NA3WKTTG.js";
import "./chunk-RN6DIUUY.js";
import "./chunk-T6SJFIGR.js";
import "./chunk-UOACX4TS.js";
import "./chunk-VZFFYGYG.js";
import "./chunk-JBKRB6X3.js";
import "./chunk-FKCXIPRO.js";
import "./chunk-7ZS5L2HU.js";
import "./chunk-IEJXYGDK.js";
import "./chunk-YGU3TUDF.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
