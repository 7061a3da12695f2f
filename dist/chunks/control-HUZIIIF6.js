#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-3DDH3XNM.js";
import "./chunk-VQ5NWI2H.js";
import "./chunk-D6UAKL6N.js";
import "./chunk-5RUB2IUX.js";
import "./chunk-M6O6L5N6.js";
import "./chunk-FKCXIPRO.js";
import "./chunk-7ZS5L2HU.js";
import "./chunk-GNS3OQZQ.js";
import "./chunk-GG333MKV.js";
import "./chunk-O2YJSDH3.js";
export {
  controlCommand
};
