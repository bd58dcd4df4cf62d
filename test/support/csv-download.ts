import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';

/** What a CSV download is checked on: the answer of an admin request. */
export interface CsvAnswer {
  status: number;
  text: string;
  headers: Record<string, unknown>;
}

/** The records of a CSV download, header first, after its byte-order mark. */
export function csvRecords(answer: CsvAnswer, delimiter: ',' | ';'): string[][] {
  assert.equal(answer.status, 200, answer.text.slice(0, 500));
  assert.match(String(answer.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.ok(answer.text.startsWith('\uFEFF'), 'a BOM, so that Excel reads UTF-8');
  return parse(answer.text.slice(1), { delimiter, relaxColumnCount: false });
}

/** The columns every list of members begins with (the whole list, a segment's), in Finnish. */
export const FINNISH_MEMBER_COLUMNS = [
  'Jäsennro',
  'Asiakastunnus',
  'Nimi',
  'Sähköposti',
  'Liittynyt (Europe/Helsinki)',
];

/** The name the browser is told to save a download under: its content-disposition header. */
export const savedAs = (answer: CsvAnswer) => String(answer.headers['content-disposition']);
