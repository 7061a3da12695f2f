#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-XKSJFTGS.js";
import "./chunk-HWN63IWG.js";
import "./chunk-XN7HFASC.js";
import "./chunk-NXWRCAZ4.js";
import "./chunk-OFVGABUX.js";
import "./chunk-X63MJRWG.js";
import "./chunk-7QLLLB77.js";
import "./chunk-53Q7W2ZH.js";
import "./chunk-OJKILWHX.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  controlCommand
};
