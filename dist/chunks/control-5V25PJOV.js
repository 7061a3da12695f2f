#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-BLE3P2JH.js";
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
  controlCommand
};
