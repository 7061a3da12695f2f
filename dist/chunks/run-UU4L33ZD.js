#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  runCommand
} from "./chunk-IAUAXLJB.js";
import "./chunk-YAJZ7CUP.js";
import "./chunk-A6QA2I6D.js";
import "./chunk-BLGJIBGL.js";
import "./chunk-3KHDYX54.js";
import "./chunk-IF3K637G.js";
import "./chunk-HFN4VVHC.js";
import "./chunk-R43DPVPI.js";
import "./chunk-2RLIGDW4.js";
import "./chunk-BOI5D6MB.js";
import "./chunk-HCEG7TYQ.js";
import "./chunk-PAXTE3ZD.js";
import "./chunk-2OEUKV5K.js";
import "./chunk-4M2UUQEW.js";
import "./chunk-GTK6ES73.js";
import "./chunk-CKLKCHFF.js";
import "./chunk-ZAKQYWGQ.js";
import "./chunk-PASLYI6C.js";
import "./chunk-WK4NYYVY.js";
import "./chunk-E6AODUAK.js";
import "./chunk-S233Y3L6.js";
import "./chunk-SEJOQJNG.js";
import "./chunk-O2YJSDH3.js";
export {
  runCommand
};
