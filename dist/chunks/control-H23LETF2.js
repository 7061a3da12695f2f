#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-ASDLGNHT.js";
import "./chunk-XC4VD2P4.js";
import "./chunk-T2WGTKV7.js";
import "./chunk-K3LD2QA5.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-EFIRAADO.js";
import "./chunk-HWDXN4IG.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-YIKUX76P.js";
import "./chunk-ME6OC5CB.js";
import "./chunk-MZRR4JYV.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  controlCommand
};
