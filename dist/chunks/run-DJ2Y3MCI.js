#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-H54KTI33.js";
import "./chunk-MKZ7VRW6.js";
import "./chunk-3BRDOVOX.js";
import "./chunk-GEFSOHPY.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-V3CEGU62.js";
import "./chunk-GCNDKR7H.js";
import "./chunk-WKITZYTJ.js";
import "./chunk-AUTZJ3X7.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-ZZ446CCR.js";
import "./chunk-M5YNKGPJ.js";
import "./chunk-OP455PEY.js";
import "./chunk-NW7KZSQV.js";
import "./chunk-X63MJRWG.js";
import "./chunk-F6H5HRIP.js";
import "./chunk-ISMSOBED.js";
import "./chunk-OJKILWHX.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
