// Structural checks of a NIK and a KK number, for the hint under the field
// while the officer types. The daemon's checks decide (its refusal shows as
// the catalogue's sentence); these only catch typing slips early.

function validDate(day, month, year2) {
  if (month < 1 || month > 12 || day < 1) return false;
  const year = 1900 + year2; // any century: only the day of the month matters here
  return day <= new Date(year, month, 0).getDate() || (month === 2 && day === 29);
}

// A message key for what is wrong, or null when it looks right.
export function nikProblem(text) {
  if (!/^\d{16}$/.test(text)) return 'counter.nik.hint.digits';
  if (text.slice(2, 4) === '00' || text.slice(4, 6) === '00') return 'counter.nik.hint.region';
  let day = Number(text.slice(6, 8));
  if (day > 40) day -= 40;
  if (!validDate(day, Number(text.slice(8, 10)), Number(text.slice(10, 12)))) return 'counter.nik.hint.birth_date';
  if (text.slice(12) === '0000') return 'counter.nik.hint.serial';
  return null;
}

export function kkProblem(text) {
  if (!/^\d{16}$/.test(text)) return 'counter.kk.hint.digits';
  if (text.slice(2, 4) === '00' || text.slice(4, 6) === '00') return 'counter.kk.hint.region';
  return null;
}
