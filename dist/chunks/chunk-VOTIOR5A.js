#!/usr/bin/env node
import { createRequire as __overseerCreateRequire } from 'node:module';
import { fileURLToPath as __overseerFileURLToPath } from 'node:url';
import { dirname as __overseerDirname } from 'node:path';
const require = __overseerCreateRequire(import.meta.url);
const __filename = __overseerFileURLToPath(import.meta.url);
const __dirname = __overseerDirname(__filename);
import {
  ManifestError
} from "./chunk-2RLIGDW4.js";
import {
  secretPaths
} from "./chunk-ME6OC5CB.js";
import {
  checkManifest,
  formatPath,
  writtenPath
} from "./chunk-MZRR4JYV.js";
import {
  InputError
} from "./chunk-SEJOQJNG.js";

// src/manifest/load.ts
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";

// node_modules/smol-toml/dist/error.js
function getLineColFromPtr(string, ptr) {
  let lines = string.slice(0, ptr).split(/\r?\n/);
  return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
  let lines = string.split(/\r?\n/);
  let codeblock = "";
  let numberLen = (Math.log10(line + 1) | 0) + 1;
  for (let i = line - 1; i <= line + 1; i++) {
    let l = lines[i - 1];
    if (!l)
      continue;
    codeblock += i.toString().padEnd(numberLen, " ");
    codeblock += ":  ";
    codeblock += l;
    codeblock += "\n";
    if (i === line) {
      codeblock += " ".repeat(numberLen + column + 2);
      codeblock += "^\n";
    }
  }
  return codeblock;
}
var TomlError = class _TomlError extends Error {
  line;
  column;
  codeblock;
  constructor(message, options) {
    const [line, column] = getLineColFromPtr(options.toml, options.ptr);
    const codeblock = makeCodeBlock(options.toml, line, column);
    super(`Invalid TOML document: ${message}

${codeblock}`, options);
    this.line = line;
    this.column = column;
    this.codeblock = codeblock;
  }
  /** @internal */
  static x(message, ctx, ptr) {
    throw new _TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
  }
};

// node_modules/smol-toml/dist/primitive.js
function parseString(ctx) {
  let startPtr = ctx.p;
  let c = ctx.s.charCodeAt(ctx.p++);
  let first = c;
  let isLiteral = c === 39;
  let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
  if (isMultiline) {
    if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 10)
      ctx.p++;
    else if (c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10)
      ctx.p += 2;
  }
  let parsed = "";
  let sliceStart = ctx.p;
  let state = 0;
  for (; ctx.p < ctx.s.length; ctx.p++) {
    c = ctx.s.charCodeAt(ctx.p);
    if (isMultiline && (c === 10 || c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10)) {
      state = state && 3;
    } else if (c < 32 && c !== 9 || c === 127) {
      TomlError.x("control characters are not allowed in strings", ctx);
    } else if ((!state || state === 3) && c === first && (!isMultiline || ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first)) {
      if (isMultiline) {
        if (ctx.s.charCodeAt(ctx.p + 3) === first)
          ctx.p++;
        if (ctx.s.charCodeAt(ctx.p + 3) === first)
          ctx.p++;
      }
      if (!state) {
        let s = ctx.s.slice(sliceStart, ctx.p);
        parsed = parsed ? parsed + s : s;
      }
      ctx.p += isMultiline ? 3 : 1;
      return parsed;
    } else if (!state) {
      if (!isLiteral && c === 92) {
        parsed += ctx.s.slice(sliceStart, sliceStart = ctx.p);
        state = 1;
      }
    } else if (state === 1) {
      if (c === 120 || c === 117 || c === 85) {
        let errPtr = ctx.p++ - 1;
        let value = 0;
        let len = c === 120 ? 2 : c === 117 ? 4 : 8;
        for (let j = 0; j < len; j++, ctx.p++) {
          let hex = ctx.s.charCodeAt(ctx.p);
          let digit = (
            /* 0-9 */
            hex >= 48 && hex <= 57 ? hex - 48 : (
              /* A-F */
              hex >= 65 && hex <= 70 ? hex - 65 + 10 : (
                /* a-f */
                hex >= 97 && hex <= 102 ? hex - 97 + 10 : -1
              )
            )
          );
          if (digit < 0)
            TomlError.x("invalid non-hex character in unicode escape", ctx);
          value = value << 4 | digit;
        }
        if (value < 0 || value > 1114111 || value >= 55296 && value <= 57343) {
          TomlError.x("invalid unicode escape", ctx, errPtr);
        }
        parsed += String.fromCodePoint(value);
        sliceStart = ctx.p--;
        state = 0;
      } else if (isMultiline && (c === 32 || c === 9)) {
        state = 2;
      } else {
        if (c === 98)
          parsed += "\b";
        else if (c === 116)
          parsed += "	";
        else if (c === 110)
          parsed += "\n";
        else if (c === 102)
          parsed += "\f";
        else if (c === 114)
          parsed += "\r";
        else if (c === 101)
          parsed += "\x1B";
        else if (c === 34)
          parsed += '"';
        else if (c === 92)
          parsed += "\\";
        else
          TomlError.x("unrecognised escape sequence", ctx);
        sliceStart = ctx.p + 1;
        state = 0;
      }
    } else if (c !== 32 && c !== 9) {
      if (state === 2)
        TomlError.x("invalid escape: only line-ending whitespace may be escaped", ctx, sliceStart);
      state = !isLiteral && c === 92 ? 1 : 0;
      sliceStart = ctx.p;
    }
  }
  TomlError.x("unfinished string", ctx, startPtr);
}

// node_modules/smol-toml/dist/date.js
var DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
var TomlDate = class _TomlDate extends Date {
  #hasDate = false;
  #hasTime = false;
  #offset = null;
  constructor(date, fasttype, unsafeDelim) {
    let hasDate = true;
    let hasTime = true;
    let offset = "Z";
    let c;
    if (typeof date === "string") {
      if (fasttype)
        prep: {
          if (fasttype < 3) {
            if (+date.slice(11, 13) > 23) {
              date = "";
              break prep;
            }
            if (fasttype === 2) {
              offset = null;
              date += "Z";
            } else if ((c = date.charCodeAt(date.length - 1)) !== 90 && c !== 122) {
              offset = date.slice(date.length - 6);
            }
            if (unsafeDelim)
              date = date.slice(0, 10) + "T" + date.slice(11);
          } else if (fasttype === 4) {
            date = +date.slice(0, 2) > 23 ? "" : `0000-01-01T${date}Z`;
          }
          hasDate = fasttype !== 4;
          hasTime = fasttype !== 3;
        }
      else {
        let match = date.match(DATE_TIME_RE);
        if (match) {
          if (!match[1]) {
            hasDate = false;
            date = `0000-01-01T${date}`;
          }
          hasTime = !!match[2];
          hasTime && date[10] === " " && (date = date.replace(" ", "T"));
          if (match[2] && +match[2] > 23) {
            date = "";
          } else {
            offset = match[3] || null;
            if (!offset && hasTime)
              date += "Z";
          }
        } else {
          date = "";
        }
      }
    }
    super(date);
    if (!isNaN(this.getTime())) {
      this.#hasDate = hasDate;
      this.#hasTime = hasTime;
      this.#offset = offset;
    }
  }
  isDateTime() {
    return this.#hasDate && this.#hasTime;
  }
  isLocal() {
    return !this.#hasDate || !this.#hasTime || !this.#offset;
  }
  isDate() {
    return this.#hasDate && !this.#hasTime;
  }
  isTime() {
    return this.#hasTime && !this.#hasDate;
  }
  isValid() {
    return this.#hasDate || this.#hasTime;
  }
  toISOString() {
    let iso = super.toISOString();
    if (this.isDate())
      return iso.slice(0, 10);
    if (this.isTime())
      return iso.slice(11, 23);
    if (this.#offset === null)
      return iso.slice(0, -1);
    if (this.#offset === "Z" || this.#offset === "z")
      return iso;
    let offset = +this.#offset.slice(1, 3) * 60 + +this.#offset.slice(4, 6);
    offset = this.#offset[0] === "-" ? offset : -offset;
    let offsetDate = new Date(this.getTime() - offset * 6e4);
    return offsetDate.toISOString().slice(0, -1) + this.#offset;
  }
  static wrapAsOffsetDateTime(jsDate, offset = "Z") {
    let date = new _TomlDate(jsDate);
    date.#offset = offset;
    return date;
  }
  static wrapAsLocalDateTime(jsDate) {
    let date = new _TomlDate(jsDate);
    date.#offset = null;
    return date;
  }
  static wrapAsLocalDate(jsDate) {
    let date = new _TomlDate(jsDate);
    date.#hasTime = false;
    date.#offset = null;
    return date;
  }
  static wrapAsLocalTime(jsDate) {
    let date = new _TomlDate(jsDate);
    date.#hasDate = false;
    date.#offset = null;
    return date;
  }
};

// node_modules/smol-toml/dist/extract.js
function isDigit(char, base = 10) {
  return base === 16 ? char > 47 && char < 58 || char > 64 && char < 71 || char > 96 && char < 103 : char > 47 && char < 48 + base;
}
function isEndOfValue(char, delim) {
  return char === 32 || char === 9 || char === 10 || char === 13 || // Structure end or next value delimiter
  delim && (char === delim || char === 44) || // Comment
  char === 35;
}
function extractValue(ctx, end) {
  let errPtr = ctx.p;
  let c = ctx.s.charCodeAt(ctx.p);
  if (c === 91 || c === 123) {
    ctx.d-- || TomlError.x("document contains excessively nested structures. aborting.", ctx);
    let value = c === 91 ? parseArray(ctx) : parseInlineTable(ctx);
    ctx.d++;
    return value;
  }
  if (c === 34 || c === 39) {
    return parseString(ctx);
  }
  if (c === 116) {
    if (ctx.s.charCodeAt(++ctx.p) !== 114 || ctx.s.charCodeAt(++ctx.p) !== 117 || ctx.s.charCodeAt(++ctx.p) !== 101)
      TomlError.x("invalid value", ctx, errPtr);
    return ctx.p++, true;
  }
  if (c === 102) {
    if (ctx.s.charCodeAt(++ctx.p) !== 97 || ctx.s.charCodeAt(++ctx.p) !== 108 || ctx.s.charCodeAt(++ctx.p) !== 115 || ctx.s.charCodeAt(++ctx.p) !== 101)
      TomlError.x("invalid value", ctx, errPtr);
    return ctx.p++, false;
  }
  if (c === 43 || c === 45) {
    return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 44 - c, end);
  }
  if (ctx.s.charCodeAt(ctx.p + 4) === 45 && ctx.s.charCodeAt(ctx.p + 7) === 45) {
    return parseDate(ctx, c, end);
  }
  if (ctx.s.charCodeAt(ctx.p + 2) === 58) {
    return parseTime(ctx, c, end);
  }
  return parseNumber(ctx, ctx.p, c, 0, end);
}
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
  let c = startChr;
  let state = 0;
  let hasUnderscores = false;
  if (c === 105) {
    if (ctx.s.charCodeAt(++ctx.p) !== 110 || ctx.s.charCodeAt(++ctx.p) !== 102)
      TomlError.x("invalid value", ctx, startPtr);
    return ctx.p++, (sign || 1) / 0;
  }
  if (c === 110) {
    if (ctx.s.charCodeAt(++ctx.p) !== 97 || ctx.s.charCodeAt(++ctx.p) !== 110)
      TomlError.x("invalid value", ctx, startPtr);
    return ctx.p++, NaN;
  }
  if (c === 48) {
    if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
      return ctx.bi === true ? 0n : 0;
    if (!sign) {
      if (c === 120)
        return parseIntegerBaseN(ctx, startPtr, 16, endChr);
      else if (c === 98)
        return parseIntegerBaseN(ctx, startPtr, 2, endChr);
      else if (c === 111)
        return parseIntegerBaseN(ctx, startPtr, 8, endChr);
    }
    if (c === 46)
      state = 2;
    else if (c === 101 || c === 69)
      state = 4;
    else
      TomlError.x("illegal leading zero", ctx, startPtr);
  } else if (!isDigit(c))
    TomlError.x("invalid value", ctx, startPtr);
  while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
    if (!state)
      state = 1;
    if (c === 95) {
      if (!(state & 1))
        TomlError.x("illegal underscore", ctx);
      state += 11;
      hasUnderscores = true;
    } else if (state === 1 && c === 46)
      state = 2;
    else if ((state === 1 || state === 3) && (c === 101 || c === 69))
      state = 4;
    else if (state === 4 && (c === 43 || c === 45)) {
      state = 6;
    } else if (!isDigit(c))
      TomlError.x(`illegal character in numeric literal`, ctx);
    else if (state > 9)
      state -= 11;
    else if (!(state & 1))
      state++;
  }
  if (!state) {
    let val = (startChr - 48) * (sign || 1);
    return ctx.bi === true ? BigInt(val) : val;
  }
  if (!(state & 1))
    TomlError.x("unfinished numeric value", ctx, startPtr);
  let str = ctx.s.slice(startPtr, ctx.p);
  if (hasUnderscores)
    str = str.replaceAll("_", "");
  return state > 1 ? parseFloat(str) : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
  let c, underscore = 1;
  while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
    if (c === 95) {
      if (underscore & 1)
        TomlError.x("illegal underscore", ctx);
      underscore = 3;
    } else if (!isDigit(c, base))
      TomlError.x(`illegal character in numeric literal`, ctx);
    else if (underscore & 1)
      underscore--;
  }
  if (underscore & 1)
    TomlError.x("unfinished numeric value", ctx);
  let str = ctx.s.slice(startPtr + 2, ctx.p);
  if (underscore)
    str = str.replaceAll("_", "");
  return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
  if (ctx.bi !== true)
    int: {
      let val = parseInt(str, base);
      if (!Number.isSafeInteger(val)) {
        if (ctx.bi)
          break int;
        TomlError.x("integer value cannot be represented losslessly", ctx, startPtr);
      }
      return val;
    }
  return base === 10 ? BigInt(str) : BigInt((base === 2 ? "0b" : base === 8 ? "0o" : "0x") + str);
}
function parseDate(ctx, c, endChr) {
  let startPtr = ctx.p++, unsafeSeparator;
  if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(ctx.p++)) || !isDigit(ctx.s.charCodeAt(ctx.p++)) || !isDigit(ctx.s.charCodeAt(ctx.p++))) {
    return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
  }
  ctx.p += 5;
  if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
    TomlError.x("invalid date-time: date part is malformed", ctx, startPtr);
  if (ctx.p >= ctx.s.length || ((c = ctx.s.charCodeAt(ctx.p)) !== 32 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 84 && c !== 116) {
    let t2 = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t2, 3, false, startPtr);
  }
  if (ctx.s.charCodeAt(ctx.p += 3) !== 58)
    TomlError.x("invalid date-time: time part is malformed", ctx, startPtr);
  if (ctx.s.charCodeAt(ctx.p += 3) === 58)
    ctx.p += 3;
  if (ctx.s.charCodeAt(ctx.p) === 46)
    while (isDigit(ctx.s.charCodeAt(++ctx.p)))
      ;
  if (c = ctx.s.charCodeAt(ctx.p)) {
    if (c === 90 || c === 122) {
      let t2 = ctx.s.slice(startPtr, ++ctx.p);
      return readDate(ctx, t2, 1, unsafeSeparator, startPtr, "[+00:00]");
    }
    if (c === 43 || c === 45) {
      let t2 = ctx.s.slice(startPtr, ctx.p += 6);
      return readDate(ctx, t2, 1, unsafeSeparator, startPtr, !ctx.ld && "[" + ctx.s.slice(ctx.p - 6, ctx.p) + "]");
    }
  }
  let t = ctx.s.slice(startPtr, ctx.p);
  return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
  let start = ctx.p;
  if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
    return parseNumber(ctx, --ctx.p, c, 0, endChr);
  }
  if (ctx.s.charCodeAt(ctx.p += 4) === 58)
    ctx.p += 3;
  if (ctx.s.charCodeAt(ctx.p) === 46)
    while (isDigit(ctx.s.charCodeAt(++ctx.p)))
      ;
  let t = ctx.s.slice(start, ctx.p);
  return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
  if (ctx.ld) {
    let date = new TomlDate(str, type, unsafeDelim);
    if (!date.isValid())
      TomlError.x("invalid date", ctx, errPtr);
    return date;
  }
  try {
    if (temporalSuffix)
      str += temporalSuffix;
    switch (type) {
      case 1:
        return Temporal.ZonedDateTime.from(str);
      case 2:
        return Temporal.PlainDateTime.from(str);
      case 3:
        return Temporal.PlainDate.from(str);
      case 4:
        return Temporal.PlainTime.from(str);
    }
  } catch (e) {
    TomlError.x(e instanceof Error ? e.message : "" + e, ctx, errPtr);
  }
}

// node_modules/smol-toml/dist/util.js
function skipComment(ctx) {
  for (; ctx.p < ctx.s.length; ctx.p++) {
    let c = ctx.s.charCodeAt(ctx.p);
    if (c === 10)
      break;
    if (c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10) {
      ctx.p++;
      break;
    }
    if (c < 32 && c !== 9 || c === 127) {
      TomlError.x("control characters are not allowed in comments", ctx);
    }
  }
}
function skipVoid(ctx, banNewLines, banComments) {
  let c;
  while (ctx.p < ctx.s.length) {
    while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 32 || c === 9 || !banNewLines && (c === 10 || c === 13 && ctx.s.charCodeAt(ctx.p + 1) === 10)))
      ctx.p++;
    if (banComments || c !== 35)
      break;
    skipComment(ctx);
  }
}

// node_modules/smol-toml/dist/struct.js
function parseKey(ctx, end = 61) {
  let startPtr;
  let state = 0;
  let parsed = [];
  let sliceStart;
  let c = ctx.s.charCodeAt(startPtr = ctx.p);
  do {
    if (c === end) {
      if (!state)
        TomlError.x("unexpected end of key", ctx);
      if (state === 1)
        parsed.push(ctx.s.slice(sliceStart, ctx.p));
      return ctx.p++, parsed;
    } else if (c === 46) {
      if (!state)
        TomlError.x("illegal empty bare key", ctx);
      if (state === 1)
        parsed.push(ctx.s.slice(sliceStart, ctx.p));
      state = 0;
    } else if (!state && (c === 34 || c === 39)) {
      if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
        TomlError.x("illegal quoted key: multiline strings are not allowed", ctx);
      parsed.push(parseString(ctx));
      state = 2;
      ctx.p--;
    } else if (c === 32 || c === 9) {
      if (state === 1) {
        parsed.push(ctx.s.slice(sliceStart, ctx.p));
        state = 2;
      }
    } else if (state === 2 || c < 48 && c !== 45 || c > 57 && c < 65 || c > 90 && c < 97 && c !== 95 || c > 122) {
      TomlError.x("illegal character in key", ctx);
    } else if (!state) {
      state = 1;
      sliceStart = ctx.p;
    }
  } while (c = ctx.s.charCodeAt(++ctx.p));
  TomlError.x("incomplete key-value: cannot find end of key", ctx, startPtr);
}
function parseInlineTable(ctx) {
  let startPtr = ctx.p++;
  let res = /* @__PURE__ */ Object.create(null);
  let seen = /* @__PURE__ */ new Set();
  let c;
  while (ctx.p < ctx.s.length) {
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p)) === 125) {
      ctx.p++;
      return res;
    }
    let k;
    let t = res;
    let hasOwn = false;
    let errPtr = ctx.p;
    let key = parseKey(ctx);
    for (let i = 0; i < key.length; i++) {
      if (i)
        t = hasOwn ? t[k] : t[k] = /* @__PURE__ */ Object.create(null);
      k = key[i];
      if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== "object" || seen.has(t[k]))) {
        TomlError.x("trying to redefine an already defined value", ctx, errPtr);
      }
      let unsafe = k === "__proto__";
      if (ctx.uk && (unsafe || k === "constructor")) {
        t = ctx.uk !== 1 && TomlError.x("document contains an unsafe property", ctx, errPtr);
        break;
      }
      if (!hasOwn && unsafe) {
        Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
      }
    }
    if (hasOwn) {
      TomlError.x("trying to redefine an already defined value", ctx, errPtr);
    }
    skipVoid(ctx, true, true);
    let value = extractValue(
      ctx,
      125
      /* } */
    );
    if (t && typeof (t[k] = value) === "object")
      seen.add(value);
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p++)) === 125) {
      return res;
    }
    if (c !== 44)
      TomlError.x("expected comma or end of structure", ctx, ctx.p - 1);
  }
  TomlError.x("unfinished table", ctx, startPtr);
}
function parseArray(ctx) {
  let startPtr = ctx.p++;
  let res = [];
  let c;
  while (ctx.p < ctx.s.length) {
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p)) === 93) {
      ctx.p++;
      return res;
    }
    res.push(extractValue(
      ctx,
      93
      /* ] */
    ));
    skipVoid(ctx);
    if ((c = ctx.s.charCodeAt(ctx.p++)) === 93) {
      return res;
    }
    if (c !== 44)
      TomlError.x("expected comma or end of structure", ctx, ctx.p - 1);
  }
  TomlError.x("unfinished array", ctx, startPtr);
}

// node_modules/smol-toml/dist/parse.js
function peekTable(ctx, key, table, meta, type) {
  let t = table;
  let m = meta;
  let k;
  let hasOwn = false;
  let state;
  for (let i = 0; i < key.length; i++) {
    if (i) {
      t = hasOwn ? t[k] : t[k] = /* @__PURE__ */ Object.create(null);
      m = (state = m[k]).c;
      if (type === 0 && (state.t === 1 || state.t === 2)) {
        return null;
      }
      if (state.t === 2) {
        let l = t.length - 1;
        t = t[l];
        m = m[l].c;
      }
    }
    k = key[i];
    if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 && m[k]?.d) {
      return null;
    }
    if (!hasOwn) {
      let unsafe = k === "__proto__";
      if (ctx.uk && (unsafe || k === "constructor"))
        return false;
      if (unsafe) {
        Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
        Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
      }
      m[k] = {
        t: i < key.length - 1 && type === 2 ? 3 : type,
        d: false,
        i: 0,
        c: /* @__PURE__ */ Object.create(null)
      };
    }
  }
  state = m[k];
  if (state.t !== type && !(type === 1 && state.t === 3)) {
    return null;
  }
  if (type === 2) {
    if (!state.d) {
      state.d = true;
      t[k] = [];
    }
    t[k].push(t = /* @__PURE__ */ Object.create(null));
    state.c[state.i++] = state = { t: 1, d: false, i: 0, c: /* @__PURE__ */ Object.create(null) };
  }
  if (state.d) {
    return null;
  }
  state.d = true;
  if (type === 1) {
    t = hasOwn ? t[k] : t[k] = /* @__PURE__ */ Object.create(null);
  } else if (type === 0 && hasOwn) {
    return null;
  }
  return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
  if (peek === null || ctx.uk === 2)
    TomlError.x(peek === null ? "trying to redefine an already defined table or value" : "document contains an unsafe property", ctx, ptr);
}
function parse(toml, options = {}) {
  let ctx = {
    s: toml,
    p: 0,
    d: options.maxDepth ?? 1e3,
    bi: options.integersAsBigInt ?? false,
    ld: options.useLegacyDate ?? true,
    uk: options.unsafeKeyBehaviour === "throw" ? 2 : options.unsafeKeyBehaviour === "drop" ? 1 : 0
  };
  let res = /* @__PURE__ */ Object.create(null);
  let meta = /* @__PURE__ */ Object.create(null);
  let tmp;
  let skipping = false;
  let tbl = res;
  let m = meta;
  if (toml.charCodeAt(0) === 65279)
    ctx.p++;
  skipVoid(ctx);
  while (ctx.p < toml.length) {
    if (toml.charCodeAt(ctx.p) === 91) {
      let isTableArray = toml.charCodeAt(++ctx.p) === 91;
      tmp = ctx.p += +isTableArray;
      skipping = false;
      let k = parseKey(
        ctx,
        93
        /* ] */
      );
      if (isTableArray) {
        if (toml.charCodeAt(ctx.p) !== 93) {
          TomlError.x("expected end of table array declaration", ctx);
        }
        ctx.p++;
      }
      let p = peekTable(
        ctx,
        k,
        res,
        meta,
        isTableArray ? 2 : 1
        /* Type.EXPLICIT */
      );
      if (!p) {
        validateTablePeek(ctx, p, tmp);
        skipping = true;
      } else {
        m = p[2];
        tbl = p[1];
      }
    } else {
      tmp = ctx.p;
      let k = parseKey(ctx);
      let p = peekTable(
        ctx,
        k,
        tbl,
        m,
        0
        /* Type.DOTTED */
      );
      if (!p && !skipping)
        validateTablePeek(ctx, p, tmp);
      skipVoid(ctx, true, true);
      let v = extractValue(ctx, void 0);
      if (p && !skipping)
        p[1][p[0]] = v;
    }
    skipVoid(ctx, true);
    if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 10 && (tmp !== 13 || toml.charCodeAt(ctx.p + 1) !== 10)) {
      TomlError.x("each key-value declaration must be followed by an end-of-line", ctx);
    }
    skipVoid(ctx);
  }
  return res;
}

// node_modules/smol-toml/dist/stringify.js
var HAS_WELLFORMED = !!"".isWellFormed;

// src/manifest/locate.ts
var BARE_KEY = /[A-Za-z0-9_-]/;
function canonical(path) {
  return path.map((p) => typeof p === "number" ? `[${p}]` : `.${p}`).join("");
}
var SourceIndex = class {
  /** First occurrence of each path: a duplicate later in the file does not move it. */
  keys = /* @__PURE__ */ new Map();
  values = /* @__PURE__ */ new Map();
  /** Every key and header (not array elements) in source order, duplicates included: syntax errors ask about those. */
  occurrences = [];
  lineStarts = [0];
  /** The innermost array still open when the text ends, or inline table still open when its line does. */
  unclosed;
  constructor(text) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
    const scanner = new Scanner(text, (path, offset, what) => {
      const key = canonical(path);
      const position = this.positionOf(offset);
      if (what !== "value" && !this.keys.has(key)) this.keys.set(key, position);
      if ((what === "value" || what === "element") && !this.values.has(key)) this.values.set(key, position);
      if (what === "header" || what === "key") this.occurrences.push({ ...position, path: [...path], kind: what });
    });
    try {
      scanner.document();
    } catch {
    }
    const open = scanner.unclosedAt;
    this.unclosed = open === void 0 ? void 0 : { ...this.positionOf(open), bracket: text[open] === "{" ? "{" : "[" };
  }
  positionOf(offset) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
  }
  /**
   * Where the path's key (or, with `what = 'value'`, its value) stands; else its nearest ancestor
   * key or table header that appears in the source; else 1:1.
   */
  locate(path, what = "key") {
    const exact = what === "value" ? this.values.get(canonical(path)) : void 0;
    if (exact) return exact;
    for (let n = path.length; n > 0; n--) {
      const hit = this.keys.get(canonical(path.slice(0, n)));
      if (hit) return hit;
    }
    return { line: 1, col: 1 };
  }
  /** The first place `path` itself (not an ancestor) is written as a key or table header. */
  firstKey(path) {
    const key = canonical(path);
    return this.occurrences.find((o) => canonical(o.path) === key);
  }
  /** The last key or header that starts on `line` at or before `col`: what a parser error there is about. */
  keyAt(line, col) {
    let hit;
    for (const o of this.occurrences) {
      if (o.line > line) break;
      if (o.line === line && o.col <= col) hit = o;
    }
    return hit;
  }
};
var Scanner = class {
  constructor(s, record) {
    this.s = s;
    this.record = record;
  }
  s;
  record;
  i = 0;
  table = [];
  /** Count of elements seen so far in each array of tables, by canonical path. */
  arrayTables = /* @__PURE__ */ new Map();
  /** Offset of the innermost `[` or `{` value found still open at the end of the text (of its line, for `{`). */
  unclosedAt;
  document() {
    while (this.i < this.s.length) {
      this.skipBlankAndComments();
      if (this.i >= this.s.length) break;
      if (this.s[this.i] === "[") this.header();
      else this.keyValue(this.table);
      this.skipToLineEnd();
    }
  }
  header() {
    const start = this.i;
    const double = this.s.startsWith("[[", this.i);
    this.i += double ? 2 : 1;
    const keys = this.dottedKey();
    const path = [];
    keys.forEach((k, n) => {
      path.push(k);
      const count = this.arrayTables.get(canonical(path));
      const isLast = n === keys.length - 1;
      if (isLast && double) {
        const index = count ?? 0;
        this.arrayTables.set(canonical(path), index + 1);
        path.push(index);
      } else if (count !== void 0) {
        path.push(count - 1);
      }
    });
    this.table = path;
    for (let n = 1; n < path.length; n++) this.record(path.slice(0, n), start, "header");
    this.record(path, start, "header");
    this.i = this.s.indexOf("]", this.i);
    if (this.i === -1) this.i = this.s.length;
  }
  keyValue(base) {
    const start = this.i;
    const keys = this.dottedKey();
    const path = [...base, ...keys];
    for (let n = base.length + 1; n < path.length; n++) this.record(path.slice(0, n), start, "key");
    this.record(path, start, "key");
    this.skipInline();
    if (this.s[this.i] === "=") this.i++;
    this.skipInline();
    this.record(path, this.i, "value");
    this.value(path);
  }
  dottedKey() {
    const keys = [];
    for (; ; ) {
      this.skipInline();
      const c = this.s[this.i];
      if (c === '"' || c === "'") {
        const end = this.stringEnd(this.i);
        const raw = this.s.slice(this.i, end);
        keys.push(c === '"' ? safeJson(raw) : raw.slice(1, -1));
        this.i = end;
      } else {
        const from = this.i;
        while (this.i < this.s.length && BARE_KEY.test(this.s[this.i])) this.i++;
        if (this.i === from) break;
        keys.push(this.s.slice(from, this.i));
      }
      this.skipInline();
      if (this.s[this.i] !== ".") break;
      this.i++;
    }
    return keys;
  }
  value(path) {
    const c = this.s[this.i];
    if (c === '"' || c === "'") {
      this.i = this.stringEnd(this.i);
    } else if (c === "[") {
      const open = this.i;
      this.i++;
      for (let n = 0; ; n++) {
        this.skipBlankAndComments();
        if (this.i >= this.s.length || this.s[this.i] === "]") break;
        this.record([...path, n], this.i, "element");
        this.value([...path, n]);
        this.skipBlankAndComments();
        if (this.s[this.i] === ",") this.i++;
        else break;
      }
      this.skipBlankAndComments();
      if (this.s[this.i] === "]") this.i++;
      else if (this.i >= this.s.length || this.startsStatement()) this.unclosedAt ??= open;
    } else if (c === "{") {
      const open = this.i;
      this.i++;
      for (; ; ) {
        this.skipInline();
        if (this.i >= this.s.length || this.s[this.i] === "}") break;
        const before = this.i;
        this.keyValue(path);
        this.skipInline();
        if (this.s[this.i] === ",") this.i++;
        else if (this.i === before) break;
      }
      if (this.s[this.i] === "}") this.i++;
      else if (this.i >= this.s.length || this.s[this.i] === "\n" || this.s[this.i] === "\r") this.unclosedAt ??= open;
    } else {
      while (this.i < this.s.length && !",]}#\r\n".includes(this.s[this.i])) this.i++;
    }
  }
  /** Whether the text at the cursor is first on its line and reads as a table header or `key =`. */
  startsStatement() {
    const lineStart = this.s.lastIndexOf("\n", this.i - 1) + 1;
    return this.s.slice(lineStart, this.i).trim() === "" && /^(\[|[A-Za-z0-9_"'.-]+[ \t]*=)/.test(this.s.slice(this.i, this.i + 256));
  }
  /** Offset just past the string that starts at `at` (basic, literal, or multi-line of either). */
  stringEnd(at) {
    const q = this.s[at];
    if (this.s.startsWith(q.repeat(3), at)) {
      let end2 = at + 3;
      for (; ; ) {
        end2 = this.s.indexOf(q.repeat(3), end2);
        if (end2 === -1) return this.s.length;
        if (q === '"' && isEscaped(this.s, end2)) {
          end2++;
          continue;
        }
        end2 += 3;
        for (let extra = 0; extra < 2 && this.s[end2] === q; extra++) end2++;
        return end2;
      }
    }
    let end = at + 1;
    while (end < this.s.length && this.s[end] !== q && this.s[end] !== "\n") {
      end += q === '"' && this.s[end] === "\\" ? 2 : 1;
    }
    return Math.min(end + 1, this.s.length);
  }
  skipInline() {
    while (this.s[this.i] === " " || this.s[this.i] === "	") this.i++;
  }
  skipBlankAndComments() {
    for (; ; ) {
      const c = this.s[this.i];
      if (c === " " || c === "	" || c === "\r" || c === "\n" || c === "\uFEFF") this.i++;
      else if (c === "#") this.skipToLineEnd();
      else return;
    }
  }
  skipToLineEnd() {
    const nl = this.s.indexOf("\n", this.i);
    this.i = nl === -1 ? this.s.length : nl + 1;
  }
};
function isEscaped(s, at) {
  let n = 0;
  for (let k = at - 1; k >= 0 && s[k] === "\\"; k--) n++;
  return n % 2 === 1;
}
function safeJson(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(1, -1);
  }
}

// src/manifest/syntax.ts
function lineOf(text, line) {
  return (text.split("\n")[line - 1] ?? "").replace(/\r$/, "");
}
function offsetOf(text, line, col) {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) return text.length;
    start = nl + 1;
  }
  return start + col - 1;
}
function written(text, o) {
  const rest = lineOf(text, o.line).slice(o.col - 1);
  if (o.kind === "header") return rest.slice(0, rest.indexOf("]") + (rest.startsWith("[[") ? 2 : 1));
  const key = rest.split("=")[0].trim();
  return /^["']/.test(key) ? `key ${key}` : `key "${key}"`;
}
function redefinition(file, text, err) {
  const index = new SourceIndex(text);
  const here = index.keyAt(err.line, err.column);
  if (!here) return void 0;
  const raw = written(text, here);
  for (let n = here.path.length; n > 0; n--) {
    const path = here.path.slice(0, n);
    const first = index.firstKey(path);
    if (!first || first.line > here.line || first.line === here.line && first.col >= here.col) continue;
    const at = `${first.line}:${first.col}`;
    const firstRaw = written(text, first);
    let message;
    if (n === here.path.length && first.kind === here.kind && firstRaw.startsWith("[[") === raw.startsWith("[[")) {
      message = here.kind === "header" ? `table ${raw} is defined twice (first at ${at})` : `duplicate ${raw} (first set at ${at})`;
    } else if (first.kind === "header" || here.kind === "header") {
      message = `${raw} conflicts with ${firstRaw} at ${at}`;
      if (/^\[\[\s*task\s*\.\s*verify\s*\]\]$/.test(firstRaw)) message += ": put each [[task.verify]] after the [[task]] it belongs to";
    } else {
      message = `"${formatPath(path)}" is already set at ${at}; ${raw} cannot add to it`;
    }
    return { file, line: here.line, col: here.col, message: `invalid TOML: ${message}`, key: formatPath(here.path) };
  }
  return void 0;
}
var onlyBlanksAndComments = (rest) => rest.split("\n").every((line) => /^\s*(#.*)?$/.test(line));
var STATEMENT = /^\s*(\[|[A-Za-z0-9_"'.-]+\s*=)/;
function syntaxDiagnostic(file, text, err) {
  const reason = err.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
  const at = { file, line: err.line, col: err.column };
  const said = (message) => ({ ...at, message: `invalid TOML: ${message}` });
  if (/redefine/.test(reason)) return redefinition(file, text, err) ?? said("a key or table is defined twice");
  if (reason === "unfinished string") return said("unterminated string: it runs to the end of the file");
  if (/escape/.test(reason)) return said(`${reason}: in "..." a backslash starts an escape; write '...' (a literal string) or double the backslash`);
  if (/control characters/.test(reason) && err.column > lineOf(text, err.line).length) {
    return said('unterminated string: close it on the same line, or use """ for a multi-line string');
  }
  if (/must be followed by an end-of-line/.test(reason)) return said('expected the end of the line (a comment starts with "#")');
  const offset = offsetOf(text, err.line, err.column);
  const endOfStructure = /expected comma or end of structure/.test(reason);
  if (offset >= text.trimEnd().length || endOfStructure) {
    const open = new SourceIndex(text).unclosed;
    const nextStatement = open !== void 0 && (open.line < err.line && STATEMENT.test(lineOf(text, err.line)) || onlyBlanksAndComments(text.slice(offset)));
    if (open?.bracket === "[" && (!endOfStructure || nextStatement)) {
      return { file, line: open.line, col: open.col, message: 'invalid TOML: this array is never closed: add "]"' };
    }
    if (open?.bracket === "{" && open.line <= err.line) {
      const message = 'invalid TOML: this inline table is never closed: add "}" (an inline table ends on the line it starts)';
      return { file, line: open.line, col: open.col, message };
    }
  }
  if (reason === "invalid value") {
    const before = text.slice(0, offset).trimEnd();
    if (before.endsWith("=")) {
      const rest = lineOf(text, err.line).slice(err.column - 1).replace(/\s*#.*$/, "").trim();
      if (rest === "") return said('missing value after "="');
      const word = rest.split(/[,}\]]/)[0].trim();
      if (/^[A-Za-z]/.test(word)) return said(`a string must be quoted: write ${JSON.stringify(word)}`);
      return said(`${JSON.stringify(rest)} is not a value: quote a string, or write a number (0.5, not .5), true or false, or [...]`);
    }
    if (/[,[]$/.test(before) && STATEMENT.test(lineOf(text, err.line).slice(err.column - 1))) {
      return said('expected a value or "]": is the array above missing its closing "]"?');
    }
    const open = new SourceIndex(text).unclosed;
    if (open?.bracket === "[" && open.line < err.line && /^\s*\[/.test(lineOf(text, err.line))) {
      return { file, line: open.line, col: open.col, message: 'invalid TOML: this array is never closed: add "]"' };
    }
  }
  return said(reason);
}

// src/manifest/text.ts
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
var MAX_MANIFEST_BYTES = 1024 * 1024;
function tooLarge(file, size) {
  const what = size === void 0 ? `more than ${MAX_MANIFEST_BYTES} bytes` : `${size} bytes`;
  return { file, line: 1, col: 1, message: `file is ${what}; a manifest may be at most ${MAX_MANIFEST_BYTES} bytes (1 MiB)` };
}
var Unreadable = class extends Error {
};
function readUpTo(path, max, regularOnly) {
  const fd = openSync(path, constants.O_RDONLY | (regularOnly ? constants.O_NONBLOCK : 0));
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Unreadable("is a directory, not a file");
    if (regularOnly && !stat.isFile()) throw new Unreadable("is not a regular file (a device, a pipe or a socket)");
    const chunks = [];
    let total = 0;
    while (total <= max) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, max + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
function firstInvalidUtf8(bytes) {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 128) {
      i++;
      continue;
    }
    let need;
    let lo = 128;
    let hi = 191;
    if (b >= 194 && b <= 223) need = 1;
    else if (b >= 224 && b <= 239) {
      need = 2;
      if (b === 224) lo = 160;
      if (b === 237) hi = 159;
    } else if (b >= 240 && b <= 244) {
      need = 3;
      if (b === 240) lo = 144;
      if (b === 244) hi = 143;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === void 0 || c < (k === 1 ? lo : 128) || c > (k === 1 ? hi : 191)) return i;
    }
    i += need + 1;
  }
  return -1;
}
var BOM = "\uFEFF";
function endOf(prefix) {
  let line = 1;
  let start = 0;
  for (let i = prefix.indexOf("\n"); i !== -1; i = prefix.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: prefix.length - start + 1 };
}
function decodeManifest(file, bytes) {
  const decoded = decodeText(bytes);
  if ("text" in decoded) return decoded;
  const { line, col, what } = decoded;
  return { diagnostic: { file, line, col, message: `not a text file: ${what} (a manifest must be UTF-8 text)` } };
}
function decodeText(bytes) {
  const nul = bytes.indexOf(0);
  let bad = -1;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(nul === -1 ? bytes : bytes.subarray(0, nul));
  } catch {
    bad = firstInvalidUtf8(nul === -1 ? bytes : bytes.subarray(0, nul));
  }
  if (bad === -1 && nul === -1) {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: text.startsWith(BOM) ? text.slice(BOM.length) : text };
  }
  const at = bad === -1 ? nul : bad;
  const prefix = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, at));
  const { line, col } = endOf(prefix.startsWith(BOM) ? prefix.slice(BOM.length) : prefix);
  const what = bad === -1 ? "found a NUL byte" : `byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, "0")} is not valid UTF-8`;
  return { line, col, what };
}

// src/manifest/load.ts
function issueToDiagnostic(file, index, issue) {
  const { line, col } = issue.locateAt ? index.locate(issue.locateAt) : index.locate(issue.path, issue.atKey ? "key" : "value");
  return { file, line, col, message: issue.message, key: issue.path.length > 0 ? formatPath(issue.path) : void 0 };
}
function parseManifest(file, bytes) {
  if (bytes.length > MAX_MANIFEST_BYTES) return { ok: false, diagnostics: [tooLarge(file, bytes.length === MAX_MANIFEST_BYTES + 1 ? void 0 : bytes.length)] };
  const decoded = decodeManifest(file, bytes);
  if ("diagnostic" in decoded) return { ok: false, diagnostics: [decoded.diagnostic] };
  const { text } = decoded;
  let doc;
  const numberIssues = [];
  try {
    doc = numbersOf(parse(text, { integersAsBigInt: true }), [], numberIssues);
  } catch (err) {
    if (err instanceof TomlError) return { ok: false, diagnostics: [syntaxDiagnostic(file, text, err)] };
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, message: `invalid TOML: ${reason}` }] };
  }
  const checked = checkManifest(doc);
  if (checked.ok && numberIssues.length === 0) return { ok: true, manifest: checked.manifest, doc };
  const index = new SourceIndex(text);
  const outOfRange = new Set(numberIssues.filter((i) => i.message.includes("out of range")).map((i) => formatPath(i.path)));
  const schemaIssues = checked.ok ? [] : checked.issues.filter((i) => !outOfRange.has(formatPath(i.path)));
  const schemaPaths = new Set(schemaIssues.map((i) => formatPath(i.path)));
  const ownIssues = numberIssues.filter((i) => outOfRange.has(formatPath(i.path)) || !schemaPaths.has(formatPath(i.path)));
  const diagnostics = [...schemaIssues, ...ownIssues].map((issue) => issueToDiagnostic(file, index, issue));
  return { ok: false, diagnostics: byPosition(diagnostics), doc };
}
var INTEGER_KEYS = /* @__PURE__ */ new Set(["max_concurrent", "idle_timeout_min", "result_grace_sec", "max_retries", "timeout_min"]);
function numbersOf(value, path, issues) {
  if (typeof value === "bigint") {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) issues.push({ path, message: `invalid TOML: integer out of range (at most ${Number.MAX_SAFE_INTEGER} either way)` });
    return n;
  }
  if (typeof value === "number") {
    const key = path[path.length - 1];
    if (Number.isSafeInteger(value) && typeof key === "string" && INTEGER_KEYS.has(key)) issues.push({ path, message: `expected an integer, got a float: write ${value}` });
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => numbersOf(v, [...path, i], issues));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === null) {
    const table = /* @__PURE__ */ Object.create(null);
    for (const [k, v] of Object.entries(value)) table[k] = numbersOf(v, [...path, k], issues);
    return table;
  }
  return value;
}
var byPosition = (diagnostics) => diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
function readPrompts(file, dir, text, tasks) {
  const prompts = [];
  const problems = [];
  let index;
  tasks.forEach((task, i) => {
    const { prompt, prompt_file: promptFile } = typeof task === "object" && task !== null ? task : {};
    if (typeof promptFile !== "string" || promptFile === "" || prompt !== void 0) {
      prompts.push(typeof prompt === "string" ? prompt : "");
      return;
    }
    try {
      prompts.push(readPrompt(resolve(dir, promptFile)));
    } catch (err) {
      index ??= new SourceIndex(text);
      const { line, col } = index.locate(["task", i, "prompt_file"], "value");
      const code = err.code;
      const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : code === "ENXIO" ? "is not a regular file (a socket)" : err.message;
      problems.push({ file, line, col, message: `prompt_file ${JSON.stringify(promptFile)}: ${reason}`, key: `task[${i}].prompt_file` });
      prompts.push("");
    }
  });
  return { prompts, problems };
}
function readPrompt(path) {
  const bytes = readUpTo(path, MAX_MANIFEST_BYTES, true);
  if (bytes.length > MAX_MANIFEST_BYTES) throw new Unreadable(`is larger than ${MAX_MANIFEST_BYTES} bytes (1 MiB), the most a prompt file may be`);
  const decoded = decodeText(bytes);
  if (!("text" in decoded)) throw new Unreadable(`not a text file: ${decoded.what} at line ${decoded.line}, column ${decoded.col} (a prompt file must be UTF-8 text)`);
  if (decoded.text.trim() === "") throw new Unreadable("the file is empty");
  return decoded.text;
}
function loadManifest(file) {
  let bytes;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError(`${file}: is a directory, not a tasks.toml file`);
    if (stat.size > MAX_MANIFEST_BYTES) throw new ManifestError([tooLarge(file, stat.size)]);
    bytes = readUpTo(file, MAX_MANIFEST_BYTES, false);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = err.code;
    if (code === "ENOENT") throw new InputError(`${file}: no such file (create one with \`overseer init\`)`);
    throw new InputError(`${file}: cannot read: ${err.message}`);
  }
  const result = parseManifest(file, bytes);
  const dir = dirname(resolve(file));
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  const tasks = result.ok ? result.manifest.task : result.doc?.task;
  const { prompts, problems } = readPrompts(file, dir, text, Array.isArray(tasks) ? tasks : []);
  if (!result.ok) throw new ManifestError(byPosition([...result.diagnostics, ...problems]));
  if (problems.length > 0) throw new ManifestError(problems);
  return { file, dir, source: text, manifest: result.manifest, prompts, doc: result.doc };
}
function diagnosticsAt(loaded) {
  let index;
  return (path, what, message) => {
    index ??= new SourceIndex(loaded.source);
    const written2 = writtenPath(loaded.doc, path);
    return { file: loaded.file, ...index.locate(written2, what), message, key: formatPath(written2) };
  };
}
function cwdProblem(path) {
  try {
    return statSync(path).isDirectory() ? void 0 : "is not a directory";
  } catch (err) {
    const code = err.code;
    return code === "ENOENT" || code === "ENOTDIR" ? "does not exist" : `cannot be read (${code ?? err.message})`;
  }
}
function missingCwds(loaded) {
  const at = diagnosticsAt(loaded);
  return loaded.manifest.task.flatMap((task, i) => {
    const path = resolve(loaded.dir, task.cwd);
    const why = cwdProblem(path);
    return why === void 0 ? [] : [at(["task", i, "cwd"], "value", `cwd "${task.cwd}" ${why} (${path})`)];
  });
}
function secretsInManifest(loaded, credentials) {
  if (credentials.length === 0) return [];
  const places = /* @__PURE__ */ new Map();
  const found = (path, what, name, variable, fromFile) => {
    const key = JSON.stringify(path);
    const place = places.get(key) ?? { path, what, name, fromFile, vars: [] };
    if (!place.vars.includes(variable)) place.vars.push(variable);
    places.set(key, place);
  };
  for (const { name: variable, forms } of credentials) {
    for (const role of Object.keys(loaded.manifest.roles)) if (forms.some((f) => role.includes(f))) found(["roles", role], "key", true, variable);
    loaded.manifest.task.forEach((task, i) => {
      const { prompt_file: promptFile, cwd: _cwd, ...rest } = task;
      for (const path of secretPaths({ ...rest, prompt: loaded.prompts[i] }, forms)) {
        if (path[0] === "name") found(["task", i, "name"], "value", true, variable);
        else if (path[0] === "prompt" && promptFile !== void 0) found(["task", i, "prompt_file"], "value", false, variable, promptFile);
        else found(["task", i, ...path], "value", false, variable);
      }
    });
  }
  if (places.size === 0) return [];
  const at = diagnosticsAt(loaded);
  const problems = [...places.values()].map(({ path, what, name, fromFile, vars }) => {
    const held = `holds the value of ${vars.map((v) => `$${v}`).join(" and ")}`;
    const message = name ? `this name ${held}; rename it: names appear in events, checks and metrics, where it cannot be redacted` : `${fromFile ? `the prompt read from ${fromFile}` : "this value"} ${held}; the ledger keeps it as written (and a workflow uploads the ledger): refer to the variable instead ($${vars[0]} in a command, or let the agent read it from its environment)`;
    return at(path, what, message);
  });
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

export {
  loadManifest,
  diagnosticsAt,
  cwdProblem,
  missingCwds,
  secretsInManifest
};
