#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-FN2F52F6.js";
import "./chunk-TFVM2XRN.js";
import "./chunk-DK63KK2Z.js";
import "./chunk-AR5JHSEW.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-UHIQQQ7S.js";
import "./chunk-FN7XI5KH.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-YIKUX76P.js";
import "./chunk-3P25YVYL.js";
import "./chunk-MZRR4JYV.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  controlCommand
};
