// The holiday calendar against its schema and against the notices' own words: every arrangement's text is
// read again (dates, "共N天", the weekdays the notice writes beside its dates) and must agree with the dates
// the data gives, so that a date copied wrong fails here.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { holidayCalendarData } from './index.ts';
import type { HolidayArrangement } from './types.ts';

const here = (f: string): unknown => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8'));
const WEEKDAY_ZH = '日一二三四五六';
const iso = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface TextDate { date: string; at: number; note: string }

/** The dates a notice sentence names, in order: a year or month left out is the one before (2月15日…至23日). */
function datesIn(text: string, year: number): TextDate[] {
  const out: TextDate[] = [];
  let y = year;
  let m = 0;
  for (const hit of text.matchAll(/(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?/gu)) {
    if (hit[1] !== undefined) y = Number(hit[1]);
    if (hit[2] !== undefined) m = Number(hit[2]);
    out.push({ date: iso(y, m, Number(hit[3])), at: hit.index, note: hit[4] ?? '' });
  }
  return out;
}

describe('holidays-cn.json', () => {
  const doc = holidayCalendarData();

  it('validates against its schema, and the schema can fail', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(here('./schemas/holidays-cn.schema.json') as object);
    expect(validate(here('./holidays-cn.json')), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const bad = structuredClone(here('./holidays-cn.json')) as { years: { arrangements: { off: string[] }[] }[] };
    bad.years[0]!.arrangements[0]!.off = ['2019-13-01', '2019-01-01'];
    expect(validate(bad)).toBe(false);
  });

  it('holds every year from 2019 to 2026, each with its seven holidays', () => {
    expect(doc.years.map((y) => y.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of doc.years) {
      const names = y.arrangements.map((a) => a.holiday).join('、');
      for (const h of ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']) expect(names, `${y.year} ${h}`).toContain(h);
    }
  });

  it('cites notices that exist, each of them used, signed before the year they arrange', () => {
    const byNo = new Map(doc.notices.map((n) => [n.docNo, n]));
    expect(byNo.size).toBe(doc.notices.length);
    const cited = new Set(doc.years.flatMap((y) => y.arrangements.map((a) => a.notice)));
    expect([...cited].sort()).toEqual([...byNo.keys()].sort());
    for (const y of doc.years) {
      for (const a of y.arrangements) {
        const n = byNo.get(a.notice)!;
        expect(n.title, a.text).toContain(String(y.year));
        // The document number's year is the year it was signed in.
        expect(n.docNo.slice(6, 10)).toBe(n.date.slice(0, 4));
        if (a.extension !== true && !n.title.includes('调整')) expect(n.date < `${y.year}-01-01`, n.docNo).toBe(true);
      }
    }
  });

  const all: [number, HolidayArrangement][] = doc.years.flatMap((y) => y.arrangements.map((a) => [y.year, a] as [number, HolidayArrangement]));

  it.each(all.map(([y, a]) => [`${y} ${a.holiday} (${a.notice})`, y, a] as const))('%s: the dates agree with the notice text', (_name, year, a) => {
    const dates = datesIn(a.text, year);
    // Every weekday the notice writes beside a date is that date's weekday.
    for (const d of dates) {
      const w = /(?:星期|周)([一二三四五六日])/u.exec(d.note);
      if (w !== null) expect(WEEKDAY_ZH[weekday(d.date)], `${d.date} in "${a.text}"`).toBe(w[1]);
    }
    const offAt = a.text.indexOf('放假');
    if (a.extension === true) {
      // "延长2020年春节假期至2月2日…": from the day after the holiday it lengthens, to the date it names.
      const lengthened = all.find(([y, b]) => y === year && b !== a && b.holiday === a.holiday && b.off[1] < a.off[0])?.[1];
      expect(lengthened && addDays(lengthened.off[1], 1)).toBe(a.off[0]);
      expect(dates[0]!.date).toBe(a.off[1]);
      return;
    }
    const off = dates.filter((d) => d.at < offAt);
    expect(off.length === 1 ? [off[0]!.date, off[0]!.date] : off.map((d) => d.date), a.text).toEqual(a.off);
    const days = /共(\d+)天|放假(\d+)天/u.exec(a.text);
    if (days !== null) expect((Date.parse(a.off[1]) - Date.parse(a.off[0])) / 86_400_000 + 1, a.text).toBe(Number(days[1] ?? days[2]));
    const work = dates.filter((d) => d.at > offAt && a.text.slice(d.at).includes('上班')).map((d) => d.date);
    expect(work, a.text).toEqual(a.work);
  });

  it('puts make-up working days on weekends and days off nowhere they are also worked (but the 2020 extension)', () => {
    for (const [, a] of all) for (const d of a.work) expect([0, 6], `${d} (${a.holiday})`).toContain(weekday(d));
    const worked = new Map(all.flatMap(([, a]) => a.work.map((d) => [d, a.notice])));
    const overlaps: string[] = [];
    for (const [, a] of all) {
      for (let d = a.off[0]; d <= a.off[1]; d = addDays(d, 1)) if (worked.has(d)) overlaps.push(`${d} ${worked.get(d)} → ${a.notice}`);
    }
    expect(overlaps).toEqual(['2020-02-01 国办发明电〔2019〕16号 → 国办发明电〔2020〕1号']);
  });
});
