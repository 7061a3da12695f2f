#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-EYSY6J6O.js";
import "./chunk-MREXQDKB.js";
import "./chunk-3BRDOVOX.js";
import "./chunk-3KHDYX54.js";
import "./chunk-FW65243S.js";
import "./chunk-RQB7BYAL.js";
import "./chunk-JP5P2JO3.js";
import "./chunk-CVZYENJN.js";
import "./chunk-RGGULU5O.js";
import "./chunk-HVOCGUK5.js";
import "./chunk-HBCINCFE.js";
import "./chunk-T6SJFIGR.js";
import "./chunk-UOACX4TS.js";
import "./chunk-BUPWCLT5.js";
import "./chunk-JBKRB6X3.js";
import "./chunk-Y4HUDWBT.js";
import "./chunk-N4WNTXQT.js";
import "./chunk-IEJXYGDK.js";
import "./chunk-YGU3TUDF.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
