// Deadlines on the official calendar. Each expected date is worked out by hand from the notice it cites
// (knowledge/holidays-cn.json), written beside it, so that a wrong calendar or a wrong count fails.
import { describe, expect, it } from 'vitest';
import { CalendarError, deadlineAfter, isWorkingDay, officialCalendar, workingDaysBetween } from './working-days.ts';

describe('deadlineAfter', () => {
  it('a 通报 issued 2026-09-24 with 5 working days is due 2026-10-09', () => {
    // 国办发明电〔2025〕7号: 中秋节 9月25日（周五）至27日（周日）放假; 国庆节 10月1日（周四）至7日（周三）放假调休,
    // 9月20日（周日）、10月10日（周六）上班. Counting from the day after issue (Thu 09-24):
    // 09-25 Fri 中秋 off, 09-26/27 weekend off (within 中秋), 09-28 Mon = 1, 09-29 Tue = 2, 09-30 Wed = 3,
    // 10-01..10-07 国庆 off, 10-08 Thu = 4, 10-09 Fri = 5. (09-20 is a make-up day but before the issue.)
    expect(deadlineAfter('2026-09-24', 5)).toBe('2026-10-09');
    // One more working day lands on the make-up Saturday 10-10.
    expect(deadlineAfter('2026-09-24', 6)).toBe('2026-10-10');
  });

  it('counts a make-up Sunday across the year end (2025-12-31 → 2026)', () => {
    // 国办发明电〔2025〕7号: 元旦 1月1日（周四）至3日（周六）放假调休，1月4日（周日）上班.
    // After Wed 2025-12-31: 01-01, 01-02, 01-03 off; Sun 01-04 is a working day = 1; Mon 01-05 = 2.
    expect(deadlineAfter('2025-12-31', 1)).toBe('2026-01-04');
    expect(deadlineAfter('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('skips a 元旦 that starts in the old year (2022-12-31 to 2023-01-02)', () => {
    // 国办发明电〔2022〕16号: 元旦 2022年12月31日至2023年1月2日放假调休. After Fri 2022-12-30:
    // Sat 12-31, Sun 01-01, Mon 01-02 off; Tue 01-03 = 1 … Fri 01-06 = 4, Mon 01-09 = 5.
    expect(deadlineAfter('2022-12-30', 1)).toBe('2023-01-03');
    expect(deadlineAfter('2022-12-30', 5)).toBe('2023-01-09');
  });

  it('counts the make-up Saturday before the Spring Festival 2026 and skips its nine days', () => {
    // 国办发明电〔2025〕7号: 春节 2月15日至23日放假调休; 2月14日（周六）、2月28日（周六）上班.
    // After Fri 02-13: Sat 02-14 = 1; 02-15..02-23 off; Tue 02-24 = 2 … Fri 02-27 = 5, Sat 02-28 = 6.
    expect(deadlineAfter('2026-02-13', 1)).toBe('2026-02-14');
    expect(deadlineAfter('2026-02-13', 2)).toBe('2026-02-24');
    expect(deadlineAfter('2026-02-13', 6)).toBe('2026-02-28');
  });

  it('issued on a holiday, counts from the first working day after it', () => {
    // Issued on Thu 2024-10-03 (国庆 10月1日至7日, 10月12日（星期六）上班): 10-08 Tue = 1 … 10-11 Fri = 4, Sat 10-12 = 5.
    expect(deadlineAfter('2024-10-03', 5)).toBe('2024-10-12');
  });

  it('follows the 2020 extension of the Spring Festival (国办发明电〔2020〕1号)', () => {
    // 16号 made Sat 2020-02-01 a make-up day; 1号 extended the holiday to Sun 02-02, back to work Mon 02-03.
    expect(isWorkingDay('2020-02-01')).toBe(false);
    expect(isWorkingDay('2020-01-31')).toBe(false);
    expect(deadlineAfter('2020-01-23', 1)).toBe('2020-02-03');
  });

  it('names the date when the count runs out of the calendar, and rejects bad input', () => {
    // After Mon 2026-12-28: 12-29, 12-30, 12-31 = 3 working days; the 4th would be in 2027, not held yet.
    expect(deadlineAfter('2026-12-28', 3)).toBe('2026-12-31');
    expect(() => deadlineAfter('2026-12-28', 4)).toThrow(/2027-01-01 is outside the official holiday calendar/u);
    try {
      isWorkingDay('2018-12-29');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarError);
      expect((e as CalendarError).date).toBe('2018-12-29');
    }
    expect(() => isWorkingDay('2026-02-30')).toThrow(/"2026-02-30" is not a date/u);
    expect(() => deadlineAfter('2026-09-24', 0)).toThrow(/at least 1/u);
    expect(() => deadlineAfter('2026-09-24', 2.5)).toThrow(/whole number/u);
  });
});

describe('isWorkingDay', () => {
  it('is false on holidays and ordinary weekends, true on make-up weekends and ordinary weekdays', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false); // 国庆
    expect(isWorkingDay('2026-09-25')).toBe(false); // 中秋, a Friday
    expect(isWorkingDay('2026-09-20')).toBe(true); // make-up Sunday
    expect(isWorkingDay('2026-10-10')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-10-17')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2026-10-09')).toBe(true); // an ordinary Friday
    // 2024: the notice only encourages a rest on 除夕 (2月9日, a Friday): a working day of the calendar.
    expect(isWorkingDay('2024-02-09')).toBe(true);
    // From 2025 除夕 is a holiday (国办发明电〔2024〕12号: 1月28日（农历除夕、周二）…).
    expect(isWorkingDay('2025-01-28')).toBe(false);
    expect(officialCalendar().dayInfo('2026-02-28')).toMatchObject({ kind: 'makeup-workday', holiday: '春节', notice: '国办发明电〔2025〕7号' });
  });

  it('gives each year the working days the holiday law implies', () => {
    // 《全国年节及纪念日放假办法》: 11 public holidays a year until 2024, 13 from 2025 (春节 and 劳动节 one day more).
    // Make-up days only move days off, so a year has days − weekend days − public holidays working days;
    // 2020 has two fewer: 国办发明电〔2020〕1号 added Fri 01-31 and took back the make-up Saturday 02-01.
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
      let weekendDays = 0;
      let days = 0;
      for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += 86_400_000) {
        days++;
        if ([0, 6].includes(new Date(d).getUTCDay())) weekendDays++;
      }
      const expected = days - weekendDays - (year >= 2025 ? 13 : 11) - (year === 2020 ? 2 : 0);
      expect(workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`), String(year)).toBe(expected);
    }
  });
});
