#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-UF7JAP4I.js";
import "./chunk-WGEMOP6F.js";
import "./chunk-SMNNUV52.js";
import "./chunk-M6O6L5N6.js";
import "./chunk-VBKM5ZVG.js";
import "./chunk-7ZS5L2HU.js";
import "./chunk-JXZ7HSFH.js";
import "./chunk-GG333MKV.js";
import "./chunk-O2YJSDH3.js";
export {
  controlCommand
};
