#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  controlCommand
} from "./chunk-235SJI7V.js";
import "./chunk-OTXYH24T.js";
import "./chunk-N4DOBFXX.js";
import "./chunk-7WPTRP6A.js";
import "./chunk-KTRJTRVU.js";
import "./chunk-JBKRB6X3.js";
import "./chunk-Y4HUDWBT.js";
import "./chunk-EEZ32SLD.js";
import "./chunk-IEJXYGDK.js";
import "./chunk-YGU3TUDF.js";
import "./chunk-O2YJSDH3.js";
export {
  controlCommand
};
