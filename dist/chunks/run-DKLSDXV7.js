#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-Y4GQVEUJ.js";
import "./chunk-AN3TYJKF.js";
import "./chunk-3BRDOVOX.js";
import "./chunk-GEFSOHPY.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-V3CEGU62.js";
import "./chunk-3KO7HWON.js";
import "./chunk-JBTB5WK2.js";
import "./chunk-CVZYENJN.js";
import "./chunk-Z4FJOD6F.js";
import "./chunk-OYZKF6ZG.js";
import "./chunk-DY5KA3QR.js";
import "./chunk-OP455PEY.js";
import "./chunk-NW7KZSQV.js";
import "./chunk-JBKRB6X3.js";
import "./chunk-F6H5HRIP.js";
import "./chunk-BDJYNTGV.js";
import "./chunk-IEJXYGDK.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
